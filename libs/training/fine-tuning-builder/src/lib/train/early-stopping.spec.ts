import { EarlyStopping, isImprovement } from './early-stopping.js';

describe('EarlyStopping', () => {
  it('stops after exactly `patience` evaluations without improvement', () => {
    const es = new EarlyStopping({ mode: 'max', patience: 2, minDelta: 0 });
    expect(es.observe(0.1)).toEqual({ improved: true, wait: 0, stop: false });
    expect(es.observe(0.3)).toEqual({ improved: true, wait: 0, stop: false });
    expect(es.observe(0.2)).toEqual({ improved: false, wait: 1, stop: false });
    expect(es.observe(0.3)).toEqual({ improved: false, wait: 2, stop: true });
  });

  it('resets the count on an improvement larger than minDelta only', () => {
    const es = new EarlyStopping({ mode: 'min', patience: 3, minDelta: 0.05 });
    es.observe(1);
    expect(es.observe(0.97)).toMatchObject({ improved: false, wait: 1 });
    expect(es.observe(0.9)).toMatchObject({ improved: true, wait: 0 });
    expect(es.observe(0.86)).toMatchObject({ improved: false, wait: 1 });
  });

  it('ignores missing values and counts NaN as no improvement', () => {
    const es = new EarlyStopping({ mode: 'max', patience: 1, minDelta: 0 });
    expect(es.observe(undefined)).toEqual({ improved: false, wait: 0, stop: false });
    es.observe(1);
    expect(es.observe(Number.NaN)).toEqual({ improved: false, wait: 1, stop: true });
  });

  it('isImprovement respects the mode and the first value', () => {
    expect(isImprovement(1, null, 'min')).toBe(true);
    expect(isImprovement(1, 1, 'max')).toBe(false);
    expect(isImprovement(0.9, 1, 'min')).toBe(true);
    expect(isImprovement(Number.POSITIVE_INFINITY, null, 'max')).toBe(false);
  });
});
