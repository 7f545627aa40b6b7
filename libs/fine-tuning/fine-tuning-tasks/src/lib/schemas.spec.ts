import { parseCreateTask } from './parse.js';
import { TASK_SCHEMAS } from './schemas.js';

describe('TASK_SCHEMAS agree with the parsers', () => {
  it('parseCreateTask accepts every example and rejects what the schema rejects', () => {
    for (const example of TASK_SCHEMAS.createTask.examples) {
      expect(() => parseCreateTask(example)).not.toThrow();
      for (const bad of [{ fine_tuning_method: ' ' }, { fine_tuning_method: 7 }, { ...example, metadata: [] }, { ...example, idempotency_key: 'nope' }, { ...example, batch_id: '' }, {}, null, []]) {
        expect(() => parseCreateTask(bad)).toThrow(expect.objectContaining({ code: 'FINE_TUNING_TASKS_VALIDATION' }));
      }
    }
  });
});
