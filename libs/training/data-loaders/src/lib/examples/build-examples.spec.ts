import { hasErrorCode } from '@embedding-studio/errors';
import { aClick, aResult, aSessionWithEvents } from '@embedding-studio/clickstream-core/testing';
import { buildRankingExamples } from './build-examples.js';

const ids = (refs: ReadonlyArray<{ id: string }>): string[] => refs.map((r) => r.id);

describe('buildRankingExamples: positives and negatives', () => {
  it('clicked results are positives, shown and not clicked are negatives, in position order', () => {
    const res = buildRankingExamples([aSessionWithEvents({ id: 's1', query: ' shoes ', results: ['a', 'b', 'c', 'd'], clicks: ['c', 'b'] })]);
    expect(res.irrelevant).toEqual([]);
    expect(res.examples).toEqual([
      {
        exampleId: 's1',
        sessionId: 's1',
        query: 'shoes',
        positives: [
          { id: 'b', rank: 2, position: 2, weight: 1 },
          { id: 'c', rank: 3, position: 3, weight: 1 },
        ],
        negatives: [
          { id: 'a', rank: 1, position: 1 },
          { id: 'd', rank: 4, position: 4 },
        ],
        irrelevant: false,
        irrelevance: null,
      },
    ]);
    expect(res.report).toMatchObject({ sessions: 1, examples: 1, irrelevant: 0, skipped: [] });
  });

  it('counts only the configured event types as clicks, and ignores clicks on unknown objects', () => {
    const s = aSessionWithEvents({
      id: 's1',
      results: ['a', 'b', 'c'],
      events: [aClick('s1', 'a', { event_type: 'view' }), aClick('s1', 'b', { event_type: 'add_to_cart' }), aClick('s1', 'zzz')],
    });
    const defaults = buildRankingExamples([s]);
    expect(defaults.examples).toEqual([]);
    expect(defaults.irrelevant[0]?.irrelevance).toBe('no-clicks');
    expect(defaults.report.unknownClicks).toBe(1);
    const custom = buildRankingExamples([s], { clickEventTypes: ['click', 'add_to_cart'] });
    expect(ids(custom.examples[0]?.positives ?? [])).toEqual(['b']);
  });

  it('orders by rank (ties by list order) and numbers positions from 1', () => {
    const s = aSessionWithEvents({ id: 's', results: [aResult('x', 3), aResult('y', 1), aResult('z', 3)], clicks: ['z'] });
    const [e] = buildRankingExamples([s]).examples;
    expect(e?.positives).toEqual([{ id: 'z', rank: 3, position: 3, weight: 1 }]);
    expect(e?.negatives).toEqual([
      { id: 'y', rank: 1, position: 1 },
      { id: 'x', rank: 3, position: 2 },
    ]);
  });
});

describe('buildRankingExamples: duplicates and odd sessions', () => {
  it('merges duplicate object ids, keeping the best rank, and never crashes', () => {
    const s = aSessionWithEvents({ id: 's', results: [aResult('a', 5), aResult('b', 2), aResult('a', 1), aResult('c', 4), aResult('b', 9)], clicks: ['a', 'a'] });
    const res = buildRankingExamples([s]);
    expect(res.examples[0]?.positives).toEqual([{ id: 'a', rank: 1, position: 1, weight: 1 }]);
    expect(res.examples[0]?.negatives).toEqual([
      { id: 'b', rank: 2, position: 2 },
      { id: 'c', rank: 4, position: 3 },
    ]);
    expect(res.report.duplicateResults).toBe(2);
  });

  it('skips sessions with no results, an empty query or a repeated id, and reports them', () => {
    const res = buildRankingExamples([
      aSessionWithEvents({ id: 'empty', results: [] }),
      aSessionWithEvents({ id: 'blank', query: '   ', clicks: ['d1'] }),
      aSessionWithEvents({ id: 'ok', clicks: ['d1'] }),
      aSessionWithEvents({ id: 'ok', clicks: ['d2'] }),
      { ...aSessionWithEvents({ id: 'bad' }), search_results: [{ object_id: '', rank: 1, meta: null }] },
    ]);
    expect(res.examples.map((e) => e.sessionId)).toEqual(['ok']);
    expect(res.report.skipped).toEqual([
      { sessionId: 'empty', reason: 'no-results' },
      { sessionId: 'blank', reason: 'empty-query' },
      { sessionId: 'ok', reason: 'duplicate-session-id' },
      { sessionId: 'bad', reason: 'no-results' },
    ]);
    expect(res.report.invalidResults).toBe(1);
  });

  it('keeps an all-clicked session without negatives (flagged), or drops it on request', () => {
    const s = aSessionWithEvents({ id: 's', results: ['a', 'b'], clicks: ['a', 'b'] });
    const kept = buildRankingExamples([s], { negativeRatio: 0.5 });
    expect(kept.examples[0]?.negatives).toEqual([]);
    expect(kept.report.withoutNegatives).toBe(1);
    const dropped = buildRankingExamples([s], { dropWithoutNegatives: true });
    expect(dropped.examples).toEqual([]);
    expect(dropped.report.skipped).toEqual([{ sessionId: 's', reason: 'no-negatives' }]);
  });
});

describe('buildRankingExamples: irrelevant sessions', () => {
  it('a flagged session is irrelevant even with clicks; a session without clicks too', () => {
    const res = buildRankingExamples([
      aSessionWithEvents({ id: 'flagged', results: ['a', 'b'], clicks: ['a'], irrelevant: true }),
      aSessionWithEvents({ id: 'silent', results: ['c', 'd', 'c'] }),
    ]);
    expect(res.examples).toEqual([]);
    expect(res.irrelevant.map((e) => [e.sessionId, e.irrelevance, ids(e.negatives), e.positives.length])).toEqual([
      ['flagged', 'flagged', ['a', 'b'], 0],
      ['silent', 'no-clicks', ['c', 'd'], 0],
    ]);
    expect(res.irrelevant.every((e) => e.irrelevant)).toBe(true);
    expect(res.report).toMatchObject({ irrelevant: 2, irrelevantFlagged: 1, irrelevantNoClicks: 1, flaggedWithClicks: 1 });
  });

  it('keeps every shown result of an irrelevant session (no sampling)', () => {
    const res = buildRankingExamples([aSessionWithEvents({ id: 's', results: ['a', 'b', 'c', 'd'] })], { negativeRatio: 0.25 });
    expect(ids(res.irrelevant[0]?.negatives ?? [])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('can ignore the flag', () => {
    const res = buildRankingExamples([aSessionWithEvents({ id: 's', results: ['a', 'b'], clicks: ['a'], irrelevant: true })], { honourIrrelevantFlag: false });
    expect(ids(res.examples[0]?.positives ?? [])).toEqual(['a']);
  });
});

describe('buildRankingExamples: negative sampling', () => {
  const many = aSessionWithEvents({ id: 'big', results: Array.from({ length: 10 }, (_, i) => `d${i}`), clicks: ['d0'] });

  it('samples ceil(δ·n) distinct negatives, in position order, without replacement', () => {
    for (let seed = 0; seed < 50; seed++) {
      const negs = buildRankingExamples([many], { negativeRatio: 0.5, seed }).examples[0]?.negatives ?? [];
      expect(negs).toHaveLength(5); // ceil(0.5 · 9)
      expect(new Set(ids(negs)).size).toBe(5);
      expect(negs.map((n) => n.position)).toEqual([...negs.map((n) => n.position)].sort((a, b) => a - b));
      expect(ids(negs)).not.toContain('d0');
    }
  });

  it('never samples zero negatives when some exist (k = ceil)', () => {
    const s = aSessionWithEvents({ id: 's', results: ['a', 'b'], clicks: ['a'] });
    expect(buildRankingExamples([s], { negativeRatio: 0.01 }).examples[0]?.negatives).toHaveLength(1);
  });

  it('is deterministic under a seed and independent of the other sessions', () => {
    const a = buildRankingExamples([many], { negativeRatio: 0.3, seed: 7 });
    const b = buildRankingExamples([aSessionWithEvents({ id: 'other', clicks: ['d1'] }), many], { negativeRatio: 0.3, seed: 7 });
    expect(b.examples[1]).toEqual(a.examples[0]);
    const samples = new Set(Array.from({ length: 20 }, (_, seed) => ids(buildRankingExamples([many], { negativeRatio: 0.3, seed }).examples[0]?.negatives ?? []).join()));
    expect(samples.size).toBeGreaterThan(5);
  });

  it('δ = 1 keeps every negative', () => {
    expect(buildRankingExamples([many]).examples[0]?.negatives).toHaveLength(9);
  });

  it('per-positive sampling gives one example per click with its own sample', () => {
    const s = aSessionWithEvents({ id: 's', results: Array.from({ length: 8 }, (_, i) => `d${i}`), clicks: ['d1', 'd4'] });
    const res = buildRankingExamples([s], { negativeRatio: 0.5, negativeSampling: 'per-positive', seed: 3 });
    expect(res.examples.map((e) => e.exampleId)).toEqual(['s#d1', 's#d4']);
    for (const e of res.examples) {
      expect(e.positives).toHaveLength(1);
      expect(e.negatives).toHaveLength(3);
      expect(ids(e.negatives).some((id) => id === 'd1' || id === 'd4')).toBe(false);
    }
    expect(res.report.examples).toBe(2);
  });

  it('rejects out-of-range options', () => {
    let caught: unknown;
    try {
      buildRankingExamples([], { negativeRatio: 0 });
    } catch (e) {
      caught = e;
    }
    expect(hasErrorCode(caught, 'DATA_LOADERS_INVALID_OPTION')).toBe(true);
    expect(() => buildRankingExamples([], { negativeRatio: 1.5 })).toThrow(/negativeRatio/);
    expect(() => buildRankingExamples([], { negativeSampling: 'per-query' as 'per-session' })).toThrow(/negativeSampling/);
    expect(() => buildRankingExamples([], { clickEventTypes: [] })).toThrow(/clickEventTypes/);
  });
});

describe('buildRankingExamples: IPS weights', () => {
  const s = aSessionWithEvents({ id: 's', results: Array.from({ length: 10 }, (_, i) => `d${i + 1}`), clicks: ['d1', 'd4', 'd10'] });

  it('weights each positive by exam(1)/exam(position) on the S1 curve', () => {
    const w = buildRankingExamples([s], { ips: {} }).examples[0]?.positives.map((p) => p.weight);
    expect(w?.[0]).toBe(1);
    expect(w?.[1]).toBeCloseTo(0.68 / 0.34, 12);
    expect(w?.[2]).toBeCloseTo(0.68 / 0.06, 12);
  });

  it('honours a custom curve and clip, and validates them', () => {
    const w = buildRankingExamples([s], { ips: { maxWeight: 5 } }).examples[0]?.positives.map((p) => p.weight);
    expect(w).toEqual([1, expect.closeTo(2, 12), 5]);
    expect(() => buildRankingExamples([s], { ips: { examination: [0.5, 0] } })).toThrow(/ips/);
  });
});
