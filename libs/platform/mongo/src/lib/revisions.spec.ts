import { newestRevision } from './revisions.js';

describe('newestRevision', () => {
  it('reads forward from the known revision until the next one is missing', async () => {
    const stored = new Map([2, 3, 4].map((rev) => [rev, { rev }]));
    const reads: number[] = [];
    const newest = await newestRevision({ rev: 1 }, async (k) => {
      reads.push(k.rev + 1);
      return stored.get(k.rev + 1) ?? null;
    });
    expect(newest).toEqual({ rev: 4 });
    expect(reads).toEqual([2, 3, 4, 5]);
  });

  it('returns the known revision when nothing newer is stored', async () => {
    expect(await newestRevision({ rev: 7 }, async () => null)).toEqual({ rev: 7 });
  });
});
