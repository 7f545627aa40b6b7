import { MetricsAccumulator } from './metrics-accumulator.js';
import { metricValue, withPrefix } from './metric-value.js';

const asRecord = (ms: Array<{ name: string; value: number }>): Record<string, number> => Object.fromEntries(ms.map((m) => [m.name, m.value]));

describe('MetricsAccumulator', () => {
  it('emits the last value and mean_/sliding_/min_/max_ aggregates', () => {
    const acc = new MetricsAccumulator('train_loss', { windowSize: 3 });
    acc.accumulate(metricValue('train_loss', 4));
    acc.accumulate(metricValue('train_loss', 1));
    acc.accumulate(metricValue('train_loss', 3));
    const out = acc.accumulate(metricValue('train_loss', 6));
    expect(out.map((m) => m.name)).toEqual(['train_loss', 'mean_train_loss', 'sliding_train_loss', 'min_train_loss', 'max_train_loss']);
    expect(asRecord(out)).toEqual({
      train_loss: 6,
      mean_train_loss: 3.5,
      sliding_train_loss: (1 + 3 + 6) / 3,
      min_train_loss: 1,
      max_train_loss: 6,
    });
  });

  it('averages all values while fewer than the window (default 10)', () => {
    const acc = new MetricsAccumulator('m');
    let out: ReturnType<MetricsAccumulator['accumulate']> = [];
    for (let i = 1; i <= 12; i++) out = acc.accumulate({ name: 'm', value: i });
    // last 10 values: 3..12 → 7.5; all 12 → 6.5
    expect(asRecord(out)).toMatchObject({ m: 12, mean_m: 6.5, sliding_m: 7.5, min_m: 1, max_m: 12 });
    const fresh = new MetricsAccumulator('m');
    fresh.accumulate({ name: 'm', value: 2 });
    expect(asRecord(fresh.accumulate({ name: 'm', value: 4 }))['sliding_m']).toBe(3);
  });

  it('ignores other metrics, honours disabled aggregates, and clears', () => {
    const acc = new MetricsAccumulator('test_loss', { mean: false, sliding: false, min: false, max: false });
    expect(acc.accumulate({ name: 'train_loss', value: 1 })).toEqual([]);
    expect(acc.accumulate({ name: 'test_loss', value: 2 })).toEqual([{ name: 'test_loss', value: 2 }]);
    const full = new MetricsAccumulator('x');
    full.accumulate({ name: 'x', value: 10 });
    full.clear();
    expect(asRecord(full.accumulate({ name: 'x', value: 1 }))).toEqual({ x: 1, mean_x: 1, sliding_x: 1, min_x: 1, max_x: 1 });
  });

  it('validates names, values and window', () => {
    expect(() => new MetricsAccumulator('x', { windowSize: 1 })).toThrow(/windowSize/);
    expect(() => new MetricsAccumulator('')).toThrow(/non-empty/);
    expect(() => new MetricsAccumulator('x').accumulate({ name: 'x', value: Number.NaN })).toThrow(/finite/);
    expect(withPrefix(metricValue('loss', 1), 'train')).toEqual({ name: 'train_loss', value: 1 });
  });
});
