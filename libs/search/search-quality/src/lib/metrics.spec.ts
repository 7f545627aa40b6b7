import { addOutcome, emptyCounts, mergeCounts, qualityOf, searchOutcome, type SearchRecord } from './metrics.js';

const record = (over: Partial<SearchRecord>): SearchRecord => ({
  session_id: 's',
  version: 1,
  created_at: 1000,
  latency_ms: 10,
  shown: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'],
  clicks: [],
  load_more: false,
  irrelevant: false,
  ...over,
});

describe('searchOutcome', () => {
  it('ranks clicks by 1-based position and takes the earliest click as the first', () => {
    const o = searchOutcome(record({ clicks: [{ object_id: 'e', created_at: 20 }, { object_id: 'b', created_at: 10 }, { object_id: 'zz', created_at: 5 }] }));
    expect(o.click_ranks).toEqual([5, 2]);
    expect(o.first_click_rank).toBe(2);
  });
  it('breaks ties in time by event order, and ignores clicks on objects never shown', () => {
    expect(searchOutcome(record({ clicks: [{ object_id: 'c', created_at: 7 }, { object_id: 'a', created_at: 7 }] })).first_click_rank).toBe(3);
    expect(searchOutcome(record({ clicks: [{ object_id: 'nope', created_at: 1 }] })).first_click_rank).toBeNull();
  });
});

describe('counts and quality', () => {
  it('computes every metric from the searches it was given', () => {
    const c = emptyCounts();
    addOutcome(c, searchOutcome(record({ clicks: [{ object_id: 'a', created_at: 1 }] }))); // rank 1
    addOutcome(c, searchOutcome(record({ clicks: [{ object_id: 'd', created_at: 1 }, { object_id: 'k', created_at: 2 }], latency_ms: 30 }))); // ranks 4, 11
    addOutcome(c, searchOutcome(record({ load_more: true, latency_ms: 20 }))); // no click, load more: not abandoned
    addOutcome(c, searchOutcome(record({ irrelevant: true, latency_ms: null }))); // flagged: not abandoned
    addOutcome(c, searchOutcome(record({}))); // abandoned
    const q = qualityOf(c);
    expect(q.searches).toBe(5);
    expect(q.sessions_with_click).toBe(2);
    expect(q.ctr).toBeCloseTo(2 / 5, 12);
    expect(q.zero_click_rate).toBeCloseTo(3 / 5, 12);
    expect(q.abandonment_rate).toBeCloseTo(1 / 5, 12);
    expect(q.mrr).toBeCloseTo((1 + 1 / 4) / 5, 12);
    expect(q.mean_click_rank).toBeCloseTo((1 + 4 + 11) / 3, 12);
    expect(q.clicks_at).toEqual({ '1': 1, '3': 1, '5': 2, '10': 2 });
    expect(q.irrelevant_rate).toBeCloseTo(1 / 5, 12);
    expect(q.load_more_rate).toBeCloseTo(1 / 5, 12);
    expect(c.latency.count).toBe(4);
    expect(q.latency_ms.p50).toBeCloseTo(10, 0);
    expect(q.latency_ms.p99).toBeCloseTo(30, 0);
  });

  it('merges to the same result as counting everything at once', () => {
    const records = Array.from({ length: 40 }, (_, i) =>
      record({ clicks: i % 3 === 0 ? [{ object_id: String.fromCharCode(97 + (i % 12)), created_at: i }] : [], load_more: i % 5 === 0, irrelevant: i % 7 === 0, latency_ms: i + 1 }),
    );
    const all = emptyCounts();
    const a = emptyCounts();
    const b = emptyCounts();
    records.forEach((r, i) => {
      addOutcome(all, searchOutcome(r));
      addOutcome(i % 2 ? a : b, searchOutcome(r));
    });
    mergeCounts(a, b);
    expect(qualityOf(a)).toEqual(qualityOf(all));
  });

  it('answers zeros and nulls for no searches', () => {
    expect(qualityOf(emptyCounts())).toEqual({
      searches: 0,
      sessions_with_click: 0,
      ctr: 0,
      zero_click_rate: 0,
      abandonment_rate: 0,
      mrr: 0,
      mean_click_rank: null,
      clicks_at: { '1': 0, '3': 0, '5': 0, '10': 0 },
      irrelevant_rate: 0,
      load_more_rate: 0,
      latency_ms: { p50: null, p95: null, p99: null },
    });
  });
});
