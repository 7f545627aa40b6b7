import { groupCommit } from './group-commit.js';

describe('groupCommit', () => {
  it('gathers concurrent submissions into one flush and settles each caller', async () => {
    const flushes: number[][] = [];
    const commit = groupCommit<number, number>(async (group) => {
      flushes.push(group.map((p) => p.item));
      for (const p of group) p.resolve(p.item * 10);
    });
    await expect(Promise.all([1, 2, 3].map((n) => commit.submit(n)))).resolves.toEqual([10, 20, 30]);
    expect(flushes).toEqual([[1, 2, 3]]);
  });

  it('gathers what arrives during a running flush into the next one', async () => {
    const flushes: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const commit = groupCommit<number, void>(
      async (group) => {
        flushes.push(group.map((p) => p.item));
        if (flushes.length === 1) await gate;
        for (const p of group) p.resolve();
      },
      { windowMs: 0 },
    );
    const first = commit.submit(1);
    await new Promise((r) => setImmediate(r));
    const later = [2, 3].map((n) => commit.submit(n));
    release();
    await Promise.all([first, ...later]);
    expect(flushes).toEqual([[1], [2, 3]]);
  });

  it('rejects every unsettled caller of a failed flush, and keeps serving', async () => {
    let fail = true;
    const commit = groupCommit<string, string>(async (group) => {
      if (fail) throw new Error('write failed');
      for (const p of group) p.resolve(p.item);
    });
    const results = await Promise.allSettled([commit.submit('a'), commit.submit('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(commit.submit('c')).resolves.toBe('c');
  });

  it('never runs more flushes at once than its concurrency', async () => {
    let active = 0;
    let peak = 0;
    const commit = groupCommit<number, void>(
      async (group) => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 5));
        active -= 1;
        for (const p of group) p.resolve();
      },
      { windowMs: 0, maxItems: 1, concurrency: 2 },
    );
    await Promise.all(Array.from({ length: 6 }, (_, i) => commit.submit(i)));
    expect(peak).toBe(2);
  });
});
