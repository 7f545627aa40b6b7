import { aModelRecord, aRun, anIteration } from '@embedding-studio/experiments-tracker/testing';
import { fromIteration, fromModel, fromRun, metricPointDoc, toIteration, toModel, toRun } from './documents.js';

describe('documents', () => {
  it('stores params as JSON text, so keys with dots and dollars and key order survive', () => {
    const run = aRun({ id: 'run-1', params: { 'optimizer.lr': 0.001, $weird: [1, { z: null, a: 'x' }], b: true } });
    const doc = fromRun(run);
    expect(doc).toEqual({
      _id: 'run-1',
      v: 1,
      iteration_id: run.iteration_id,
      name: run.name,
      params_json: '{"optimizer.lr":0.001,"$weird":[1,{"z":null,"a":"x"}],"b":true}',
      status: 'running',
      best_metric: null,
      started_at: run.started_at,
      finished_at: null,
    });
    expect(toRun(doc)).toEqual(run);
  });

  it('maps iterations and models both ways, with the shape version', () => {
    const initial = anIteration({ id: 'it-0', batch_id: null });
    expect(fromIteration(initial)).toMatchObject({ _id: 'it-0', v: 1, batch_id: null, main_metric: null });
    expect(toIteration(fromIteration(initial))).toEqual(initial);
    const model = aModelRecord({ iteration_id: 'it-0', seq: 2, status: 'deleted', deleted_at: 5 });
    expect(fromModel(model)).toMatchObject({ _id: 'it-0-m2', v: 1, seq: 2, status: 'deleted', deleted_at: 5 });
    expect(toModel(fromModel(model))).toEqual(model);
  });

  it('gives each metric point an unambiguous _id', () => {
    expect(metricPointDoc({ run_id: 'run-1', name: 'a:b', step: 3, value: 0.5, time: 9 })._id).toBe('["run-1","a:b",3]');
    expect(metricPointDoc({ run_id: 'run-1', name: 'a', step: 3, value: 0.5, time: 9 })._id).not.toBe(
      metricPointDoc({ run_id: 'run-1:a', name: '', step: 3, value: 0.5, time: 9 })._id,
    );
  });
});
