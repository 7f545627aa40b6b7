import { S1_EXAMINATION, ipsWeight } from './ips-weight.js';

describe('ipsWeight', () => {
  it('is exam(1)/exam(rank) on the S1 curve', () => {
    expect(S1_EXAMINATION).toEqual([0.68, 0.61, 0.48, 0.34, 0.28, 0.2, 0.11, 0.1, 0.08, 0.06]);
    expect(ipsWeight(1)).toBe(1);
    expect(ipsWeight(4)).toBeCloseTo(2, 12);
    expect(ipsWeight(10)).toBeCloseTo(0.68 / 0.06, 12);
  });

  it('clips to maxWeight and uses the last value beyond the curve', () => {
    expect(ipsWeight(10, S1_EXAMINATION, { maxWeight: 5 })).toBe(5);
    expect(ipsWeight(25)).toBeCloseTo(0.68 / 0.06, 12);
    expect(ipsWeight(3, [0.5, 0.25, 0.1])).toBeCloseTo(5, 12);
  });

  it('rejects bad ranks and curves', () => {
    expect(() => ipsWeight(0)).toThrow(/rank/);
    expect(() => ipsWeight(1.5)).toThrow(/integer/);
    expect(() => ipsWeight(1, [])).toThrow(/at least one/);
    expect(() => ipsWeight(2, [0.5, 0])).toThrow(/examination\[1\]/);
    expect(() => ipsWeight(2, S1_EXAMINATION, { maxWeight: 0.5 })).toThrow(/maxWeight/);
  });
});
