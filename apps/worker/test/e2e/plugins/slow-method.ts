// A test plugin: the default method with a long, early-stopping-free training, so a test can kill
// the worker while it trains.
import { DefaultFineTuningMethod, type DefaultFineTuningSetup } from '@embedding-studio/default-fine-tuning-method';
import type { MethodContext } from '@embedding-studio/fine-tuning-plugins';
import type { SessionWithEvents } from '@embedding-studio/clickstream-core';

export class SlowFineTuningMethod extends DefaultFineTuningMethod {
  override readonly meta = { name: 'E2E Slow Method', version: '1.0.0', description: 'Default method with 120 epochs and no early stopping (tests only).' };

  override async getFineTuningBuilder(sessions: readonly SessionWithEvents[], context: MethodContext): Promise<DefaultFineTuningSetup> {
    const setup = await super.getFineTuningBuilder(sessions, context);
    return { ...setup, plan: { ...setup.plan, epochs: 120, earlyStopping: null, search: setup.plan.search ? { ...setup.plan.search, maxEvals: 1 } : null } };
  }
}
