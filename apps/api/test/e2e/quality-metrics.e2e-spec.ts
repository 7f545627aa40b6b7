/**
 * @jest-environment <rootDir>/../../tools/jest/onnx-environment.js
 */
// Quality metrics per profile version, end to end: searches through POST /search with the real
// encoder and LanceDB, clicks, "load more" and irrelevant flags through the 0.0.1 clickstream
// routes, an adapter deploy, more traffic, the rollup fold on FerretDB/MongoDB, then
// GET /metrics/quality read back against what the test sent.
import { jest } from '@jest/globals';
import type { Quality } from '@embedding-studio/search-quality';
import { TOPICS, startSearchApi, towards, type SearchHarness } from './search-setup.js';

jest.setTimeout(180_000);

interface Plan {
  /** Ranks clicked, in click order (ranks above 5 need `more`). */
  clicks?: number[];
  more?: boolean;
  irrelevant?: boolean;
}
interface Sent extends Plan {
  version: number | null;
}
/** The `<Quality>` object of the contract. */
type QualityBody = Quality;
interface Series {
  version: number | null;
  totals: QualityBody;
  buckets: (QualityBody & { start: string })[];
}

const QUERIES = ['sweet fruit', 'music instrument', 'space launch', 'ball sport', 'baking', 'dairy food', 'stars at night', 'yellow fruit'];
const V1: Plan[] = [
  { clicks: [1] },
  { clicks: [3] },
  { clicks: [2, 4] },
  {},
  { more: true },
  { more: true, clicks: [7] },
  { irrelevant: true },
  { clicks: [5] },
  {},
  { clicks: [1], irrelevant: true },
  { clicks: [4, 1] },
  {},
];
const V2: Plan[] = [{ clicks: [1] }, { clicks: [1] }, { clicks: [2] }, {}, { more: true, clicks: [9] }, { irrelevant: true }, { clicks: [1, 2] }, {}];

/** The metrics of what was sent, computed from the plans (definitions in the search-quality README). */
function expected(sent: Sent[]) {
  const n = sent.length;
  const clicked = sent.filter((s) => (s.clicks ?? []).length > 0);
  const ranks = sent.flatMap((s) => s.clicks ?? []);
  const atK = (k: number) => sent.filter((s) => (s.clicks ?? []).some((r) => r <= k)).length;
  return {
    searches: n,
    sessions_with_click: clicked.length,
    ctr: clicked.length / n,
    zero_click_rate: (n - clicked.length) / n,
    abandonment_rate: sent.filter((s) => (s.clicks ?? []).length === 0 && !s.more && !s.irrelevant).length / n,
    mrr: clicked.reduce((sum, s) => sum + 1 / (s.clicks?.[0] ?? Infinity), 0) / n,
    mean_click_rank: ranks.length === 0 ? null : ranks.reduce((a, b) => a + b, 0) / ranks.length,
    clicks_at: { '1': atK(1), '3': atK(3), '5': atK(5), '10': atK(10) },
    irrelevant_rate: sent.filter((s) => s.irrelevant).length / n,
    load_more_rate: sent.filter((s) => s.more).length / n,
  };
}

function expectQuality(got: QualityBody | undefined, sent: Sent[]): void {
  const want = expected(sent);
  expect(got).toBeDefined();
  const q = got as QualityBody;
  // Counts exactly; rates and means to floating-point precision.
  expect({ searches: q.searches, sessions_with_click: q.sessions_with_click, clicks_at: q.clicks_at }).toEqual({
    searches: want.searches,
    sessions_with_click: want.sessions_with_click,
    clicks_at: want.clicks_at,
  });
  for (const key of ['ctr', 'zero_click_rate', 'abandonment_rate', 'mrr', 'irrelevant_rate', 'load_more_rate'] as const) expect([key, q[key]]).toEqual([key, expect.closeTo(want[key], 12)]);
  if (want.mean_click_rank === null) expect(q.mean_click_rank).toBeNull();
  else expect(q.mean_click_rank).toBeCloseTo(want.mean_click_rank, 12);
}

let h: SearchHarness;
let eventSeq = 0;
const sent: Sent[] = [];
const searchIds: { id: string; version: number | null; plan: Plan }[] = [];

beforeAll(async () => {
  h = await startSearchApi('quality');
  await h.http.post('/api/v1/collections').send({ name: 'things', fields_to_embed: ['text'] }).expect(201);
  await h.http
    .post('/api/v1/collections/things/items')
    .send(TOPICS.map(([id, text]) => ({ id, text })))
    .expect(200);
});
afterAll(async () => {
  await h?.close();
});

async function click(sessionId: string, objectId: string, j: number): Promise<void> {
  // Increasing times, so "the first click" is the first one posted.
  const createdAt = Math.floor(Date.now() / 1000) + j;
  await h.http
    .post('/api/v1/clickstream/session/events')
    .send({ session_id: sessionId, events: [{ event_id: `e${++eventSeq}`, object_id: objectId, created_at: createdAt }] })
    .expect(200);
}

/** Runs the plans through the public routes; checks every answer came from `version`. */
async function traffic(plans: Plan[], version: number): Promise<void> {
  for (const [i, plan] of plans.entries()) {
    const first = await h.http.post('/api/v1/search').send({ collection: 'things', query: QUERIES[i % QUERIES.length], k: 5 }).expect(200);
    expect(first.body.model.version).toBe(version);
    const shown: string[] = first.body.results.map((r: { object_id: string }) => r.object_id);
    const searchId: string = first.body.search_id;
    if (plan.more) {
      const more = await h.http.post('/api/v1/search').send({ search_id: searchId }).expect(200);
      expect(more.body.results.map((r: { rank: number }) => r.rank)).toEqual([6, 7, 8, 9, 10]);
      shown.push(...more.body.results.map((r: { object_id: string }) => r.object_id));
    }
    for (const [j, rank] of (plan.clicks ?? []).entries()) await click(searchId, shown[rank - 1] as string, j);
    if (plan.irrelevant) await h.http.post('/api/v1/clickstream/session/irrelevant').send({ session_id: searchId }).expect(200);
    sent.push({ ...plan, version });
    searchIds.push({ id: searchId, version, plan });
  }
}

const read = async (query: Record<string, string>) => (await h.http.get('/api/v1/metrics/quality').query({ collection: 'things', ...query }).expect(200)).body;

describe('GET /metrics/quality after traffic, a deploy and more traffic', () => {
  const startedAt = new Date(Date.now() - 60_000).toISOString();

  it('counts what was sent per version exactly, merged and by day', async () => {
    await traffic(V1, 1);
    // A 0.0.1 client's own session, naming the collection: the `version: null` series.
    await h.http
      .post('/api/v1/clickstream/session')
      .send({ session_id: 'legacy-1', search_query: 'fruit', search_results: TOPICS.slice(0, 4).map(([id], i) => ({ object_id: id, rank: i + 1 })), search_meta: { collection: 'things' } })
      .expect(200);
    await click('legacy-1', 'guitar', 0);
    sent.push({ version: null, clicks: [3] });
    // A session of no collection counts nowhere.
    await h.http.post('/api/v1/clickstream/session').send({ session_id: 'legacy-2', search_query: 'x', search_results: [{ object_id: 'apple' }] }).expect(200);

    await h.addAdapterModel('m-quality', ...Object.values(towards(await h.embedItem(TOPICS[4][1]))) as [Float32Array, Float32Array]);
    const deployed = await h.http.post('/api/v1/models/m-quality/deploy').send({ collection: 'things', expected_version: 1 }).expect(200);
    expect(deployed.body.version).toBe(2);
    await traffic(V2, 2);

    // Nothing is read from sessions: before the fold there are no rollups.
    expect((await read({ by: 'version' })).series).toEqual([]);
    const fold = await h.foldQuality();
    expect(fold.ran).toBe(true);
    expect(fold.rollups).toBeGreaterThanOrEqual(3);

    const to = new Date(Date.now() + 60_000).toISOString();
    const body = await read({ by: 'version', from: startedAt, to });
    expect(body).toMatchObject({ collection: 'things', bucket: 'hour', from: startedAt, to });
    const series = body.series as Series[];
    expect(series.map((s) => s.version)).toEqual([null, 1, 2]);
    for (const s of series) {
      expectQuality(s.totals, sent.filter((x) => x.version === s.version));
      // The buckets (one, or two if the test crossed an hour) add up to the totals.
      expect(s.buckets.reduce((n, b) => n + b.searches, 0)).toBe(s.totals.searches);
      expect(s.buckets.map((b) => b.start)).toEqual([...s.buckets.map((b) => b.start)].sort());
    }
    // Latency is recorded by POST /search only.
    for (const s of series.slice(1)) expect(s.totals.latency_ms.p50).toBeGreaterThan(0);
    expect(series[0]?.totals.latency_ms).toEqual({ p50: null, p95: null, p99: null });
    // Both versions were created inside the range: the collection (create), then the deploy.
    expect(body.deployments).toEqual([
      { version: 1, at: expect.any(String), kind: 'create' },
      { version: 2, at: expect.any(String), kind: 'adapter' },
    ]);
    expect(Date.parse(body.deployments[0].at)).toBeGreaterThanOrEqual(Date.parse(startedAt));
    expect(Date.parse(body.deployments[1].at)).toBeGreaterThanOrEqual(Date.parse(body.deployments[0].at));
    // A range that starts after the deploy lists no deployment.
    expect((await read({ from: new Date(Date.parse(body.deployments[1].at) + 1000).toISOString(), to })).deployments).toEqual([]);

    const merged = await read({ from: startedAt, to, bucket: 'day' });
    expect(merged.series).toHaveLength(1);
    expect(merged.series[0].version).toBeNull();
    expectQuality(merged.series[0].totals, sent);
  });

  it('folds again when clicks arrive after the session, and a refold changes nothing', async () => {
    const late = searchIds.find((s) => s.version === 2 && !s.plan.clicks && !s.plan.more && !s.plan.irrelevant);
    expect(late).toBeDefined();
    const shown = (await h.http.get('/api/v1/clickstream/session').query({ session_id: late?.id }).expect(200)).body.search_results as { object_id: string }[];
    await click(late?.id as string, shown[1]?.object_id as string, 5);
    const i = sent.findIndex((s, n) => n >= V1.length + 1 && s.version === 2 && !s.clicks && !s.more && !s.irrelevant);
    sent[i] = { version: 2, clicks: [2] };

    // And one through the bulk route: a click at rank 1 on a version 1 search without clicks.
    const quiet = searchIds.find((s) => s.version === 1 && !s.plan.clicks && !s.plan.more && !s.plan.irrelevant);
    const quietShown = (await h.http.get('/api/v1/clickstream/session').query({ session_id: quiet?.id }).expect(200)).body.search_results as { object_id: string }[];
    await h.http
      .post('/api/v1/clickstream/events:bulk')
      .send({ events: [{ session_id: quiet?.id, event_id: 'bulk-1', object_id: quietShown[0]?.object_id, created_at: Math.floor(Date.now() / 1000) }] })
      .expect(200);
    const j = sent.findIndex((s) => s.version === 1 && !s.clicks && !s.more && !s.irrelevant);
    sent[j] = { version: 1, clicks: [1] };

    expect((await h.foldQuality()).hours).toBeGreaterThanOrEqual(1);
    expect(await h.foldQuality()).toMatchObject({ ran: true, hours: 0 });
    const series = (await read({ by: 'version' })).series as Series[];
    expectQuality(series.find((s) => s.version === 2)?.totals, sent.filter((x) => x.version === 2));
    expectQuality(series.find((s) => s.version === 1)?.totals, sent.filter((x) => x.version === 1));
  });

  it('answers 422 naming the field for bad parameters, and 404 for an unknown collection', async () => {
    const fields = async (query: Record<string, string>): Promise<string[]> => {
      const res = await h.http.get('/api/v1/metrics/quality').query(query).expect(422);
      expect(res.body.error.code).toBe('SEARCH_QUALITY_VALIDATION');
      return res.body.error.details.issues.map((i: { field: string }) => i.field);
    };
    expect(await fields({})).toEqual(['collection']);
    expect(await fields({ collection: 'things', from: 'last tuesday' })).toEqual(['from']);
    expect(await fields({ collection: 'things', to: '2026-02-30T25:00:00Z' })).toEqual(['to']);
    expect(await fields({ collection: 'things', from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' })).toEqual(['from']);
    expect(await fields({ collection: 'things', from: '2020-01-01T00:00:00Z', to: '2026-12-01T00:00:00Z' })).toEqual(['from']);
    expect(await fields({ collection: 'things', bucket: 'minute', by: 'user' })).toEqual(['bucket', 'by']);
    const missing = await h.http.get('/api/v1/metrics/quality').query({ collection: 'nothing_here' }).expect(404);
    expect(missing.body.error.code).toBe('SEARCH_COLLECTION_NOT_FOUND');
  });
});
