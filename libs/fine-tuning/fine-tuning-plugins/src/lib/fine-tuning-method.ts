import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import type { ModelArtifactData, TrainingData, TrainingPlan } from '@embedding-studio/fine-tuning-builder';

/** Who a plugin is. `name` is what `fine_tuning_method` refers to in a task. */
export interface PluginMeta {
  readonly name: string;
  /** @defaultValue '1.0.0' */
  readonly version: string;
  readonly description?: string;
}

/** Where a method logs (structurally any `@embedding-studio/observability` logger). */
export interface MethodLogger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** What the host gives a method for one call. */
export interface MethodContext {
  readonly logger: MethodLogger;
  /** Aborted when the task is cancelled or the worker stops; long preparation should check it. */
  readonly signal: AbortSignal;
  /** Reports coarse progress of data preparation (0..1 and a short message). */
  reportProgress(fraction: number, message: string): void;
  /**
   * Stores the method's initial model (iteration 0) once. The first upload wins; later calls
   * are no-ops, so `uploadInitialModel` may run at every task.
   */
  uploadInitialModel(model: ModelArtifactData): Promise<void>;
}

/**
 * What {@link FineTuningMethod.getFineTuningBuilder} returns: the training plan (model, loss,
 * optimizer, schedule, evaluation, search space) and the data prepared from the batch. The host
 * adds the iteration chain: the starting model and the previous iteration's top parameters.
 */
export interface FineTuningSetup {
  readonly plan: TrainingPlan;
  readonly data: TrainingData;
  /** Counts worth showing on the task (sessions used, skipped and why, items missing...). */
  readonly report?: Readonly<Record<string, unknown>>;
}

/** Marks FineTuningMethod subclasses across copies of this package (plugins may bundle their own). */
export const FINE_TUNING_METHOD_BRAND: unique symbol = Symbol.for('embedding-studio.fine-tuning-method') as never;

/**
 * The base class of fine-tuning plugins. A plugin module in `ES_PLUGINS_PATH` exports one or
 * more subclasses; the host instantiates each with no arguments and registers it under
 * `meta.name`.
 *
 * ```ts
 * export class MyMethod extends FineTuningMethod {
 *   readonly meta = { name: 'my-method', version: '1.0.0' };
 *   async uploadInitialModel(ctx) { await ctx.uploadInitialModel(saveModelArtifact(new LinearAdapter({ inputDimension: 384 }))); }
 *   async getFineTuningBuilder(sessions, ctx) { return { plan, data }; }
 * }
 * ```
 */
export abstract class FineTuningMethod {
  static readonly [FINE_TUNING_METHOD_BRAND] = true;
  abstract readonly meta: PluginMeta;
  /** Builds the model iteration 0 starts from and hands it to `context.uploadInitialModel`. */
  abstract uploadInitialModel(context: MethodContext): Promise<void>;
  /** Turns a released batch's sessions into a training plan and data. */
  abstract getFineTuningBuilder(clickstream: readonly SessionWithEvents[], context: MethodContext): Promise<FineTuningSetup>;
}

/** A class that extends {@link FineTuningMethod} (from this or another copy of the package). */
export function isFineTuningMethodClass(value: unknown): value is new () => FineTuningMethod {
  if (typeof value !== 'function') return false;
  // Subclasses inherit the static brand; the base class (of any copy) owns it.
  return (value as unknown as Record<symbol, unknown>)[FINE_TUNING_METHOD_BRAND] === true && !Object.prototype.hasOwnProperty.call(value, FINE_TUNING_METHOD_BRAND);
}
