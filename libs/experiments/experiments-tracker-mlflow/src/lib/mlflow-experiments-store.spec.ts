import { MlflowInvalidOptionsError } from '../errors.js';
import { createMlflowExperimentsStore, flattenParams, latestPerStep } from './mlflow-experiments-store.js';

describe('createMlflowExperimentsStore', () => {
  it('rejects a malformed tracking URI and namespace, naming both fields', () => {
    const error = (() => {
      try {
        createMlflowExperimentsStore({ trackingUri: 'localhost:5000', namespace: 'a/b' });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(MlflowInvalidOptionsError);
    expect((error as MlflowInvalidOptionsError).issues.map((i) => i.field)).toEqual(['trackingUri', 'namespace']);
  });
});

describe('flattenParams', () => {
  it('turns nested params into dotted MLflow params with JSON values, and cleans keys MLflow refuses', () => {
    expect(flattenParams({ lr: 1e-4, opt: { name: 'adam', betas: [0.9, 0.99] }, $w: 2, note: 'x', none: null })).toEqual({
      lr: '0.0001',
      'opt.name': 'adam',
      'opt.betas': '[0.9,0.99]',
      _w: '2',
      note: 'x',
      none: 'null',
    });
    expect(flattenParams({})).toEqual({});
  });
});

describe('latestPerStep', () => {
  it('keeps one value per step, the one logged last, lowest step first', () => {
    expect(
      latestPerStep([
        { key: 'loss', value: 0.5, timestamp: '12', step: '2' },
        { key: 'loss', value: 0.9, timestamp: '11', step: '1' },
        { key: 'loss', value: 0.4, timestamp: '13', step: '2' },
        { key: 'loss', value: 0.3, timestamp: 14, step: 10 },
      ]),
    ).toEqual([
      { step: 1, value: 0.9, time: 11 },
      { step: 2, value: 0.4, time: 13 },
      { step: 10, value: 0.3, time: 14 },
    ]);
  });
});
