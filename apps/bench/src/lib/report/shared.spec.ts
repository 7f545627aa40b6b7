import { perQueryRow } from './rows.testing.js';
import { groupDeltaLines } from './shared.js';

const row = perQueryRow;

describe('groupDeltaLines', () => {
  it('mean Δ vs the same seed of B0 per group, averaged over seeds; empty groups print –', () => {
    const base = { a: 0.5, b: 0.5, c: 0.2 };
    const rows = [
      row('B0', 1, base),
      row('B0', 2, base),
      // seed 1: group x (a, b) +0.2 and +0.4 → +0.3; group y (c) −0.1
      row('P', 1, { a: 0.7, b: 0.9, c: 0.1 }),
      // seed 2: x +0.1; y +0.1
      row('P', 2, { a: 0.6, b: 0.6, c: 0.3 }),
      row('P', 1, { a: 1, b: 1, c: 1 }, 'click-pool'),
    ];
    const groups = new Map([
      ['a', 'x'],
      ['b', 'x'],
      ['c', 'y'],
    ]);
    expect(groupDeltaLines(rows, 'dev', groups, ['x', 'y', 'z'])).toEqual([
      'S1, 100 sessions, Δ nDCG@10 vs B0 by overlap with the click pool: x (2): P +0.2000; y (1): P +0.0000; z (0): –.',
    ]);
    expect(groupDeltaLines(rows, 'eval', groups, ['x'])).toEqual([]);
  });
});
