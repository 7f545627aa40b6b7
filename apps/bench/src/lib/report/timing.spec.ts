import type { ReportRow } from './rows.js';
import { formatTimings, median, trainingTimes } from './timing.js';

function row(system: ReportRow['system'], seed: number, train: number, runtime: number, split: ReportRow['split'] = 'dev'): ReportRow {
  return {
    dataset: 'd',
    split,
    setting: 'S1',
    budget: 5000,
    seed,
    system,
    ndcg10: 0.5,
    recall10: 0.5,
    recall100: 0.5,
    mrr10: 0.5,
    per_query: {},
    runtime_s: runtime,
    train_s: train,
    model_sha: 'm',
    corpus_sha: 'c',
    sessions: 5000,
    clicks: 10,
    details: {},
    backend: 'wasm',
  };
}

describe('training times', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('medians per cell of the trained systems, headline rows only', () => {
    const rows = [row('P', 1, 9, 12), row('P', 2, 7, 10), row('P', 3, 8, 11), row('P', 1, 100, 100, 'click-pool'), row('B0', 1, 0, 1), row('C-rand', 1, 4, 5)];
    const t = trainingTimes(rows, ['P']);
    expect(t).toEqual([{ setting: 'S1', budget: 5000, system: 'P', backend: 'wasm', trainS: [7, 8, 9], medianTrainS: 8, medianRuntimeS: 11 }]);
    expect(formatTimings(t)).toBe('P S1 5000 sessions: median train 8.0 s over 3 runs (7.0, 8.0, 9.0), run 11.0 s, tfjs wasm');
    expect(trainingTimes(rows).map((x) => x.system)).toEqual(['P', 'C-rand']);
  });
});
