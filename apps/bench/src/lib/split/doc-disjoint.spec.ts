import { parseQrels, sharedRelevantQueries } from '@embedding-studio/click-simulation';
import { carveDocDisjoint, relevanceGroups } from './doc-disjoint.js';

const qrelsOf = (pairs: Array<[string, string]>) => parseQrels(`query-id\tcorpus-id\tscore\n${pairs.map(([q, d]) => `${q}\t${d}\t1`).join('\n')}\n`);

describe('relevanceGroups', () => {
  it('links queries through shared relevant docs, transitively', () => {
    const qrels = qrelsOf([
      ['a', 'x'],
      ['b', 'x'],
      ['b', 'y'],
      ['c', 'y'],
      ['d', 'z'],
    ]);
    expect(relevanceGroups(['d', 'c', 'b', 'a', 'e'], qrels)).toEqual([['a', 'b', 'c'], ['d'], ['e']]);
  });
});

describe('carveDocDisjoint', () => {
  // 40 pool queries in pairs sharing a doc, 10 dev queries; dev query v0 shares a doc with pool p0.
  const pool = Array.from({ length: 40 }, (_, i) => `p${String(i).padStart(2, '0')}`);
  const dev = Array.from({ length: 10 }, (_, i) => `v${i}`);
  const pairs: Array<[string, string]> = [
    ...pool.map((q, i): [string, string] => [q, `doc${Math.floor(i / 2)}`]),
    ...dev.map((q, i): [string, string] => [q, `dev-doc${i}`]),
    ['v0', 'doc0'],
  ];
  const qrels = qrelsOf(pairs);

  it('holds out whole groups of click-pool queries that share no relevant doc with the rest', () => {
    const c = carveDocDisjoint({ clickPool: pool, dev }, qrels, 0.25, 3);
    expect(c.heldOut).toHaveLength(10);
    expect(sharedRelevantQueries(c.heldOut, qrels, c.rest, qrels)).toEqual([]);
    expect(c.rest).toEqual(expect.arrayContaining(dev));
    expect(new Set([...c.heldOut, ...c.rest]).size).toBe(50);
    // the group of p00/p01 touches dev query v0: never held out
    expect(c.heldOut).not.toContain('p00');
    expect(c.heldOut).not.toContain('p01');
  });

  it('is deterministic for a seed, and the seed matters', () => {
    const c = carveDocDisjoint({ clickPool: pool, dev }, qrels, 0.25, 3);
    expect(carveDocDisjoint({ clickPool: [...pool].reverse(), dev }, qrels, 0.25, 3)).toEqual(c);
    expect(carveDocDisjoint({ clickPool: pool, dev }, qrels, 0.25, 4).heldOut).not.toEqual(c.heldOut);
  });

  it('never passes the target: an odd target is reached with whole pairs only', () => {
    const c = carveDocDisjoint({ clickPool: pool, dev }, qrels, 0.275, 3); // target 11
    expect(c.heldOut).toHaveLength(10);
  });
});
