import { parseQrels } from '@embedding-studio/click-simulation';
import { carveHeldOut, qrelsTsv } from './held-out.js';

describe('carveHeldOut', () => {
  const clickPool = Array.from({ length: 50 }, (_, i) => `p${String(i).padStart(2, '0')}`);
  const dev = ['d1', 'd2', 'd3'];

  it('takes round(fraction · pool) click-pool queries; the rest is the other pool queries plus dev', () => {
    const c = carveHeldOut({ clickPool, dev }, 0.2, 7);
    expect(c.heldOut).toHaveLength(10);
    for (const id of c.heldOut) expect(clickPool).toContain(id);
    expect(c.rest).toHaveLength(43);
    expect(c.rest).toEqual(expect.arrayContaining(dev));
    expect(new Set([...c.heldOut, ...c.rest]).size).toBe(53);
    // deterministic, and the seed matters
    expect(carveHeldOut({ clickPool: [...clickPool].reverse(), dev }, 0.2, 7)).toEqual(c);
    expect(carveHeldOut({ clickPool, dev }, 0.2, 8).heldOut).not.toEqual(c.heldOut);
  });
});

describe('qrelsTsv', () => {
  it('writes BEIR qrels for the given queries only, which parse back', () => {
    const qrels = parseQrels('query-id\tcorpus-id\tscore\n2\tb\t1\n1\tz\t1\n1\ta\t1\n3\tc\t1\n');
    const text = qrelsTsv(qrels, ['2', '1']);
    expect(text).toBe('query-id\tcorpus-id\tscore\n1\ta\t1\n1\tz\t1\n2\tb\t1\n');
    expect([...parseQrels(text).keys()].sort()).toEqual(['1', '2']);
  });
});
