import { aFullTask, aTask } from '@embedding-studio/fine-tuning-tasks/testing';
import { decodeTask, encodeTask } from './codec.js';

describe('task codec', () => {
  it('round-trips a task with every field, and a minimal one', () => {
    const full = aFullTask();
    expect(decodeTask(encodeTask(full))).toEqual(full);
    const minimal = aTask();
    expect(decodeTask(encodeTask(minimal))).toEqual(minimal);
    expect(Object.keys(encodeTask(minimal)).sort()).toEqual(['attempt', 'created_at', 'fine_tuning_method', 'id', 'status', 'updated_at']);
  });

  it('stores client-chosen keys as data, not as field names', () => {
    const doc = encodeTask(aTask({ metadata: { 'a.b': 1, $c: { d: [true] } }, metrics: { 'ndcg@10': 0.5, 'x.y': 1 } }));
    expect(doc.metadata_json).toBe('{"a.b":1,"$c":{"d":[true]}}');
    expect(doc.metrics).toEqual([
      { name: 'ndcg@10', value: 0.5 },
      { name: 'x.y', value: 1 },
    ]);
  });

  it('treats nulls written by other tools as absent', () => {
    const at = new Date(0);
    const doc = { id: 'x', fine_tuning_method: 'm', status: 'pending', created_at: at, updated_at: at, attempt: 0, batch_id: null, lease: null };
    expect(decodeTask(doc as never)).toEqual({ id: 'x', fine_tuning_method: 'm', status: 'pending', created_at: at, updated_at: at, attempt: 0 });
  });
});
