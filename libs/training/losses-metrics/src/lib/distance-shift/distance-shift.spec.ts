import {
  DistanceShiftEpoch,
  MAIN_METRIC,
  batchDistanceShift,
  distanceShiftMetrics,
  irrelevantDistanceShift,
  notIrrelevantDistanceShift,
  sessionDistanceShift,
} from './distance-shift.js';

describe('DistanceShift', () => {
  it('not irrelevant: mean of current − previous over clicked items (similarities)', () => {
    expect(notIrrelevantDistanceShift([0.8, 0.5], [0.6, 0.6])).toBeCloseTo((0.2 - 0.1) / 2, 12);
    expect(notIrrelevantDistanceShift([0.8, 0.5], [0.6, 0.6], { isSimilarity: false })).toBeCloseTo(-0.05, 12);
    expect(notIrrelevantDistanceShift([], [])).toBeUndefined();
  });

  it('irrelevant: mean of previous − current over shown items', () => {
    expect(irrelevantDistanceShift([0.1, 0.4, 0.3], [0.3, 0.4, 0.2])).toBeCloseTo((0.2 + 0 - 0.1) / 3, 12);
    expect(sessionDistanceShift({ irrelevant: true, current: [0.1], previous: [0.3] })).toBeCloseTo(0.2, 12);
  });

  it('rejects misaligned or non-finite scores', () => {
    expect(() => notIrrelevantDistanceShift([1, 2], [1])).toThrow(/equal lengths/);
    expect(() => notIrrelevantDistanceShift([Number.NaN], [1])).toThrow(/current\[0\]/);
  });

  it('batch: mean per kind; a missing kind is undefined (0.0 in the train metrics)', () => {
    const batch = [
      { irrelevant: false, current: [0.9], previous: [0.5] },
      { irrelevant: false, current: [0.4, 0.6], previous: [0.5, 0.5] },
      { irrelevant: false, current: [], previous: [] },
    ];
    expect(batchDistanceShift(batch)).toEqual({ notIrrelevant: expect.closeTo(0.2, 12) as number, irrelevant: undefined });
    expect(distanceShiftMetrics(batch)).toEqual([
      { name: 'train_not_irrelevant_dist_shift', value: expect.closeTo(0.2, 12) as number },
      { name: 'train_irrelevant_dist_shift', value: 0 },
    ]);
  });

  it('test epoch: mean over batches that held the kind', () => {
    const epoch = new DistanceShiftEpoch();
    epoch.add([{ irrelevant: false, current: [0.7], previous: [0.5] }, { irrelevant: true, current: [0.2], previous: [0.5] }]);
    epoch.add([{ irrelevant: false, current: [0.5], previous: [0.5] }]);
    const [rel, irr] = epoch.result();
    expect(rel?.name).toBe(MAIN_METRIC);
    expect(rel?.value).toBeCloseTo(0.1, 12);
    expect(irr).toEqual({ name: 'test_irrelevant_dist_shift', value: expect.closeTo(0.3, 12) as number });
    epoch.clear();
    expect(epoch.result().map((m) => m.value)).toEqual([0, 0]);
  });
});
