/**
 * @jest-environment <rootDir>/../../tools/jest/onnx-environment.js
 */
// Online comparisons over HTTP on the real stack: FerretDB (catalog, clickstream, comparisons),
// LanceDB, the all-MiniLM-L6-v2 ONNX encoder and a query adapter in the real model format.
// Searches are interleaved, clicks go through the 0.0.1 events route, and the counters read back
// must equal the clicks sent.
import { jest } from '@jest/globals';
import { TOPICS, startSearchApi, towards, type SearchHarness } from './search-setup.js';

jest.setTimeout(180_000);

const COLLECTION = 'cmpdocs';
const API = '/api/v1';

interface Team {
  search_id: string;
  ids: string[];
  teams: ('control' | 'candidate')[];
}

let h: SearchHarness;
beforeAll(async () => {
  h = await startSearchApi('comparisons', { dropPrefix: COLLECTION });
  await h.http.post(`${API}/collections`).send({ name: COLLECTION, fields_to_embed: ['text'] }).expect(201);
  await h.http
    .post(`${API}/collections/${COLLECTION}/items`)
    .send(TOPICS.map(([id, text]) => ({ id, text })))
    .expect(200);
  const { kernel, bias } = towards(await h.embedItem(TOPICS[2][1]));
  await h.addAdapterModel('m-music', kernel, bias);
});
afterAll(async () => {
  await h?.close();
});

/** One search over HTTP, and the teams its session recorded. */
async function searchOnce(query: string): Promise<Team> {
  const r = await h.http.post(`${API}/search`).send({ collection: COLLECTION, query, k: 6 }).expect(200);
  const session = await h.http.get(`${API}/clickstream/session`).query({ session_id: r.body.search_id }).expect(200);
  const mark = session.body.search_meta.comparison as { id: string; method: string; teams: Team['teams'] } | undefined;
  return { search_id: r.body.search_id, ids: r.body.results.map((x: { object_id: string }) => x.object_id), teams: mark?.teams ?? [] };
}

async function clickOn(t: Team, team: 'control' | 'candidate', n: number): Promise<void> {
  const ids = t.ids.filter((_, i) => t.teams[i] === team).slice(0, n);
  await h.http
    .post(`${API}/clickstream/session/events`)
    .send({ session_id: t.search_id, events: ids.map((object_id, i) => ({ event_id: `${team}-${i}`, object_id })) })
    .expect(200);
}

describe('online comparison over HTTP', () => {
  let id: string;

  it('starts an interleaving comparison (201); a second one is 409, bad input 422 naming the field, unknown model 404', async () => {
    const bad = await h.http.post(`${API}/comparisons`).send({ collection: COLLECTION, candidate_model_id: 'm-music', share: 2, method: 'bandit' }).expect(422);
    expect(bad.body.error.code).toBe('COMPARISON_VALIDATION');
    expect(bad.body.error.details.issues.map((i: { field: string }) => i.field).sort()).toEqual(['method', 'share']);
    expect((await h.http.post(`${API}/comparisons`).send({ collection: COLLECTION, candidate_model_id: 'nope' }).expect(404)).body.error.code).toBe('SEARCH_MODEL_NOT_FOUND');
    expect((await h.http.get(`${API}/comparisons`).query({ collection: COLLECTION }).expect(200)).body).toEqual({ comparisons: [] });
    expect((await h.http.get(`${API}/comparisons`).query({ collection: 'nope' }).expect(404)).body.error.code).toBe('SEARCH_COLLECTION_NOT_FOUND');

    const started = await h.http.post(`${API}/comparisons`).send({ collection: COLLECTION, candidate_model_id: 'm-music', share: 1, min_queries: 50, max_queries: 1000 }).expect(201);
    id = started.body.id;
    expect(started.body).toEqual({
      id: `${COLLECTION}.1`,
      collection: COLLECTION,
      method: 'interleaving',
      control_version: 1,
      candidate_model_id: 'm-music',
      share: 1,
      alpha: 0.05,
      min_queries: 50,
      max_queries: 1000,
      status: 'running',
      decision: null,
      queries: 0,
      wins_candidate: 0,
      wins_control: 0,
      ties: 0,
      win_rate: null,
      ci: null,
      p_value: null,
      started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      ended_at: null,
    });
    const again = await h.http.post(`${API}/comparisons`).send({ collection: COLLECTION, candidate_model_id: 'm-music' }).expect(409);
    expect(again.body.error).toMatchObject({ code: 'COMPARISON_RUNNING', details: { running: id } });
  });

  it('interleaves searches, credits clicks posted through the events route, and reads the counters back exactly', async () => {
    const queries = ['music instruments', 'fruit to eat', 'outer space', 'ball games', 'baking food', 'strings and keys', 'dairy'];
    const searches: Team[] = [];
    for (const q of queries) searches.push(await searchOnce(q));
    for (const s of searches) {
      expect(s.teams).toHaveLength(s.ids.length);
      expect(s.teams).toContain('candidate');
      expect(s.teams).toContain('control');
    }
    // 4 searches: the candidate's results get clicked; 1: the control's; 1: one click each (a tie); 1: no click.
    for (const s of searches.slice(0, 4)) await clickOn(s, 'candidate', 2);
    await clickOn(searches[4] as Team, 'control', 1);
    await clickOn(searches[5] as Team, 'candidate', 1);
    await h.http
      .post(`${API}/clickstream/session/events`)
      .send({ session_id: searches[5]?.search_id, events: [{ event_id: 'tie', object_id: searches[5]?.ids[searches[5].teams.indexOf('control')] }] })
      .expect(200);

    const read = await h.http.get(`${API}/comparisons/${id}`).expect(200);
    expect(read.body).toMatchObject({ id, status: 'running', decision: null, queries: 7, wins_candidate: 4, wins_control: 1, ties: 2, win_rate: 0.8 });
    expect(read.body.ci[0]).toBeLessThan(0.8);
    expect(read.body.ci[1]).toBeGreaterThan(0.8);
    expect(read.body.p_value).toBeCloseTo(0.375, 6);
    const list = await h.http.get(`${API}/comparisons`).query({ collection: COLLECTION }).expect(200);
    expect(list.body.comparisons).toEqual([read.body]);
  });

  it('stops (counters frozen, later searches left alone), then a new comparison may start', async () => {
    const stopped = await h.http.post(`${API}/comparisons/${id}/stop`).expect(200);
    expect(stopped.body).toMatchObject({ id, status: 'stopped', decision: null, queries: 7, wins_candidate: 4, wins_control: 1, ties: 2, ended_at: expect.any(String) });
    // The API re-reads the running comparison at most every SEARCH_PROFILE_CACHE_MS (200 ms here).
    await new Promise((r) => setTimeout(r, 300));
    const after = await searchOnce('music instruments again');
    expect(after.teams).toEqual([]);
    expect((await h.http.get(`${API}/comparisons/${id}`).expect(200)).body).toEqual(stopped.body);
    await h.http.get(`${API}/comparisons/${COLLECTION}.9`).expect(404);
    await h.http.post(`${API}/comparisons/${COLLECTION}.9/stop`).expect(404);
    const next = await h.http.post(`${API}/comparisons`).send({ collection: COLLECTION, candidate_model_id: 'm-music', method: 'ab' }).expect(201);
    expect(next.body).toMatchObject({ id: `${COLLECTION}.2`, method: 'ab', share: 0.2, status: 'running' });
    await h.http.post(`${API}/comparisons/${COLLECTION}.2/stop`).expect(200);
    expect((await h.http.get(`${API}/comparisons`).query({ collection: COLLECTION }).expect(200)).body.comparisons.map((c: { id: string }) => c.id)).toEqual([`${COLLECTION}.2`, id]);
    await new Promise((r) => setTimeout(r, 300));
  });

  it('estimates a candidate offline from the logged searches outside comparisons', async () => {
    for (const q of ['fruit', 'stars', 'cheese and bread', 'sports']) {
      const s = await searchOnce(q);
      await h.http
        .post(`${API}/clickstream/session/events`)
        .send({ session_id: s.search_id, events: [{ event_id: 'e', object_id: s.ids[1] }] })
        .expect(200);
    }
    const e = await h.http.post(`${API}/comparisons/estimate`).send({ collection: COLLECTION, candidate_model_id: 'm-music' }).expect(200);
    expect(e.body).toMatchObject({ collection: COLLECTION, candidate_model_id: 'm-music', control_version: 1, sessions: 5, control: { ctr: 0.8 } });
    expect(e.body.propensities).toHaveLength(6);
    expect(e.body.candidate.ci).toHaveLength(2);
    expect(typeof e.body.worth_testing).toBe('boolean');
    const bad = await h.http.post(`${API}/comparisons/estimate`).send({ collection: COLLECTION }).expect(422);
    expect(bad.body.error.details.issues.map((i: { field: string }) => i.field)).toEqual(['candidate_model_id']);
  });
});
