import { forgettingGuard, ndcgAt } from './forgetting-guard.js';

describe('ndcgAt', () => {
  it('binary gain, log2 discount, ideal over the judged items (capped at k)', () => {
    expect(ndcgAt(['a', 'x'], new Set(['a']), 10)).toBe(1);
    expect(ndcgAt(['x', 'a'], new Set(['a']), 10)).toBeCloseTo(1 / Math.log2(3));
    expect(ndcgAt(['x', 'a'], new Set(['a']), 1)).toBe(0);
    expect(ndcgAt(['a'], new Set(['a', 'b']), 10)).toBeCloseTo(1 / (1 + 1 / Math.log2(3)));
    expect(ndcgAt(['a'], new Set(), 10)).toBe(0);
  });
});

describe('forgettingGuard', () => {
  // 12 general queries, each with its own relevant item ranked first by the base model.
  const queries = Array.from({ length: 12 }, (_, i) => `q${i}`);
  const judgments = Object.fromEntries(queries.map((q) => [q, [`${q}-rel`]]));
  const base = queries.map((q) => [`${q}-rel`, 'x', 'y']);

  it('passes a candidate that ranks as the base does', () => {
    const r = forgettingGuard(queries, base, base, judgments);
    expect(r).toMatchObject({ queries: 12, base: 1, candidate: 1, delta: 0, passed: true });
  });

  it('fails an adapter that destroys the base ranking (relevant items pushed out of the top k)', () => {
    const destroyed = queries.map(() => ['x', 'y', 'z']);
    const r = forgettingGuard(queries, base, destroyed, judgments);
    expect(r.passed).toBe(false);
    expect(r.delta).toBe(-1);
    expect(r.upper).toBeLessThan(0);
  });

  it('fails a consistent small loss on every query, passes one large loss on one query (noise)', () => {
    const everyOneDown = queries.map((q) => ['x', `${q}-rel`, 'y']);
    expect(forgettingGuard(queries, base, everyOneDown, judgments).passed).toBe(false);
    const oneLost = queries.map((q, i) => (i === 0 ? ['x', 'y', 'z'] : [`${q}-rel`]));
    const r = forgettingGuard(queries, base, oneLost, judgments);
    expect(r.delta).toBeLessThan(-0.02);
    expect(r.upper).toBeGreaterThan(0);
    expect(r.passed).toBe(true);
  });

  it('tolerates a small mean drop and ignores queries without judged items', () => {
    const lastDown = queries.map((q, i) => (i === 11 ? ['x', `${q}-rel`] : [`${q}-rel`]));
    const r = forgettingGuard([...queries, 'unjudged'], [...base, ['a']], [...lastDown, ['b']], judgments, { tolerance: 0.05 });
    expect(r.queries).toBe(12);
    expect(r.passed).toBe(true);
  });
});
