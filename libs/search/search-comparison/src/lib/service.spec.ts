// The comparison service over the real search services, with every port in memory.
import { createTestClock } from '@embedding-studio/primitives/testing';
import { createArtifactQueryAdapterLoader, createSearchServices } from '@embedding-studio/search-core';
import { aLinearAdapterArtifact, createHashingEncoder, createMemoryCatalogStore, createMemorySessionRecorder, createStaticEncoderProvider } from '@embedding-studio/search-core/testing';
import { createMemoryVectorIndex } from '@embedding-studio/vector-index';
import { createMemoryComparisonStore } from '../testing.js';
import type { LoggedSearch } from './model.js';
import type { ComparisonSearchLog } from './ports.js';
import { createAdapterCandidateRanker } from './ranker.js';
import { createComparisonService, createComparisonTraffic } from './service.js';

const DIM = 32;
const WORDS = ['red', 'green', 'blue', 'fruit', 'car', 'boat', 'sea', 'tree', 'wheel', 'apple', 'pear', 'sail'];

/** A kernel that sends every query towards `text` (an adapter that changes rankings). */
async function towards(text: string): Promise<Float32Array> {
  const v = (await createHashingEncoder(DIM).embedQueries([text])).data;
  const kernel = new Float32Array(DIM * DIM);
  for (let i = 0; i < DIM; i++) for (let j = 0; j < DIM; j++) kernel[i * DIM + j] = 0.01 * (i === j ? 1 : 0) + (v[j] ?? 0);
  return kernel;
}

async function setup() {
  const clock = createTestClock(Date.UTC(2026, 11, 7, 4, 0, 0));
  const artifacts = new Map([
    ['models/same', aLinearAdapterArtifact(DIM)],
    ['models/boats', aLinearAdapterArtifact(DIM, { kernel: await towards('blue boat sea sail') })],
    ['models/wide', aLinearAdapterArtifact(DIM * 2)],
  ]);
  const parts = {
    catalog: createMemoryCatalogStore(),
    index: createMemoryVectorIndex(),
    encoders: createStaticEncoderProvider({ hashing: createHashingEncoder(DIM) }),
    adapters: createArtifactQueryAdapterLoader({ read: async (key) => artifacts.get(key) ?? Promise.reject(new Error(`no artifact ${key}`)) }),
    models: { get: async (id: string) => (artifacts.has(`models/${id}`) ? { model_id: id, artifact_key: `models/${id}` } : undefined) },
  };
  const store = createMemoryComparisonStore();
  const sessions = createMemorySessionRecorder();
  const clicks = new Map<string, string[]>();
  const logged = (): LoggedSearch[] =>
    [...sessions.sessions.values()].map((s, i) => ({
      search_id: s.search_id,
      query: s.query,
      created_at: i,
      results: s.results.map((r) => ({ object_id: r.object_id, rank: r.rank })),
      search_meta: s.search_meta,
      clicks: clicks.get(s.search_id) ?? [],
    }));
  const mark = (s: LoggedSearch) => (s.search_meta?.['comparison'] as { id?: string } | undefined)?.id;
  const log: ComparisonSearchLog = {
    comparisonSearches: async (collection, id) => logged().filter((s) => s.search_meta?.['collection'] === collection && mark(s) === id),
    profileSearches: async (collection, version, limit) =>
      logged()
        .filter((s) => s.search_meta?.['collection'] === collection && s.search_meta['profile_version'] === version && mark(s) === undefined)
        .slice(-limit),
  };
  const search = createSearchServices({ ...parts, sessions, comparisons: createComparisonTraffic({ store, cacheMs: 0, clock }), profileCacheMs: 60_000 });
  const comparisons = createComparisonService({ store, log, ranker: createAdapterCandidateRanker(parts), catalog: parts.catalog, clock, bootstrapResamples: 200 });
  await search.collections.create({ name: 'docs', fields_to_embed: ['text'], model: { encoder: 'hashing' } });
  await search.items.upsert(
    'docs',
    Array.from({ length: 24 }, (_, i) => ({ id: `i${i}`, text: `${WORDS[i % WORDS.length]} ${WORDS[(i * 5 + 3) % WORDS.length]} ${WORDS[(i * 7 + 1) % WORDS.length]}` })),
  );
  const click = (searchId: string, objectId: string) => clicks.set(searchId, [...(clicks.get(searchId) ?? []), objectId]);
  return { search, comparisons, sessions, click, clock };
}

describe('comparison service', () => {
  it('interleaves a share of searches, records the teams, and credits clicks on the candidate’s results', async () => {
    const { search, comparisons, sessions, click } = await setup();
    const started = await comparisons.start({ collection: 'docs', candidate_model_id: 'boats', share: 1, min_queries: 50, max_queries: 500 });
    expect(started).toMatchObject({ id: 'docs.1', status: 'running', method: 'interleaving', control_version: 1, queries: 0, decision: null, ended_at: null, share: 1 });
    let credited = 0;
    for (let i = 0; i < 8; i++) {
      const r = await search.search.search({ collection: 'docs', query: `red fruit ${i}`, k: 6 });
      const meta = sessions.sessions.get(r.search_id)?.search_meta['comparison'] as { id: string; teams: string[] };
      expect(meta.id).toBe('docs.1');
      expect(meta.teams).toHaveLength(r.results.length);
      expect(r.model.version).toBe(1);
      const i2 = meta.teams.indexOf('candidate');
      if (i < 5 && i2 >= 0) {
        click(r.search_id, r.results[i2]?.object_id as string);
        credited++;
      }
    }
    const now = await comparisons.get('docs.1');
    expect(now).toMatchObject({ queries: 8, wins_candidate: credited, wins_control: 0, ties: 8 - credited, win_rate: 1, status: 'running' });
    expect(credited).toBe(5);
    expect((await comparisons.list({ collection: 'docs' })).map((c) => c.id)).toEqual(['docs.1']);
  });

  it('allows one running comparison per collection (409), then a new one after a stop', async () => {
    const { comparisons, clock } = await setup();
    await comparisons.start({ collection: 'docs', candidate_model_id: 'boats' });
    await expect(comparisons.start({ collection: 'docs', candidate_model_id: 'same' })).rejects.toMatchObject({ code: 'COMPARISON_RUNNING' });
    clock.advance(5000);
    const stopped = await comparisons.stop('docs.1');
    expect(stopped).toMatchObject({ status: 'stopped', decision: null, ended_at: '2026-12-07T04:00:05.000Z' });
    expect(await comparisons.stop('docs.1')).toEqual(stopped);
    expect((await comparisons.start({ collection: 'docs', candidate_model_id: 'same', method: 'ab' })).id).toBe('docs.2');
    expect((await comparisons.list({ collection: 'docs' })).map((c) => [c.id, c.status])).toEqual([
      ['docs.2', 'running'],
      ['docs.1', 'stopped'],
    ]);
  });

  it('leaves searches alone once the comparison is stopped, or when share sends them elsewhere', async () => {
    const { search, comparisons, sessions } = await setup();
    await comparisons.start({ collection: 'docs', candidate_model_id: 'boats', share: 0.5 });
    const marked = async () => {
      let n = 0;
      for (let i = 0; i < 40; i++) if (sessions.sessions.get((await search.search.search({ collection: 'docs', query: `q ${i}` })).search_id)?.search_meta['comparison']) n++;
      return n;
    };
    const some = await marked();
    expect(some).toBeGreaterThan(8);
    expect(some).toBeLessThan(32);
    await comparisons.stop('docs.1');
    expect(await marked()).toBe(0);
  });

  it('splits A/B searches into whole arms and counts them', async () => {
    const { search, comparisons, sessions, click } = await setup();
    await comparisons.start({ collection: 'docs', candidate_model_id: 'boats', method: 'ab', share: 1, min_queries: 100, max_queries: 1000 });
    const arms = { control: 0, candidate: 0 };
    for (let i = 0; i < 20; i++) {
      const r = await search.search.search({ collection: 'docs', query: `green pear ${i}`, k: 4 });
      const arm = (sessions.sessions.get(r.search_id)?.search_meta['comparison'] as { arm: 'control' | 'candidate' }).arm;
      arms[arm]++;
      if (arm === 'candidate') click(r.search_id, r.results[0]?.object_id as string);
    }
    const c = await comparisons.get('docs.1');
    expect(arms.control).toBeGreaterThan(0);
    expect(arms.candidate).toBeGreaterThan(0);
    expect(c).toMatchObject({ method: 'ab', queries: 20, wins_candidate: 0, ties: 0, win_rate: 1 });
  });

  it('decides once the stopping rule says so, and keeps the decision', async () => {
    const { search, comparisons, sessions, click } = await setup();
    await comparisons.start({ collection: 'docs', candidate_model_id: 'boats', share: 1, min_queries: 12, max_queries: 12 });
    for (let i = 0; i < 12; i++) {
      const r = await search.search.search({ collection: 'docs', query: `red fruit ${i}`, k: 6 });
      const teams = (sessions.sessions.get(r.search_id)?.search_meta['comparison'] as { teams: string[] }).teams;
      click(r.search_id, r.results[teams.indexOf('candidate')]?.object_id as string);
    }
    const decided = await comparisons.get('docs.1');
    expect(decided).toMatchObject({ status: 'decided', decision: 'candidate', queries: 12, wins_candidate: 12 });
    expect(decided.p_value).toBeLessThan(0.001);
    expect(await comparisons.stop('docs.1')).toEqual(decided);
  });

  it('settles running comparisons without a read: a decided one ends and leaves serving', async () => {
    const { search, comparisons, sessions, click } = await setup();
    await comparisons.start({ collection: 'docs', candidate_model_id: 'boats', share: 1, min_queries: 12, max_queries: 12 });
    expect((await comparisons.settle()).map((c) => [c.id, c.status])).toEqual([['docs.1', 'running']]);
    for (let i = 0; i < 12; i++) {
      const r = await search.search.search({ collection: 'docs', query: `red fruit ${i}`, k: 6 });
      const teams = (sessions.sessions.get(r.search_id)?.search_meta['comparison'] as { teams: string[] }).teams;
      click(r.search_id, r.results[teams.indexOf('candidate')]?.object_id as string);
    }
    expect((await comparisons.settle()).map((c) => [c.status, c.decision])).toEqual([['decided', 'candidate']]);
    expect(await comparisons.settle()).toEqual([]);
    const after = await search.search.search({ collection: 'docs', query: 'red fruit again', k: 6 });
    expect(sessions.sessions.get(after.search_id)?.search_meta['comparison']).toBeUndefined();
  });

  it('rejects bad input naming the field, unknown or unusable models, and unknown ids, storing nothing', async () => {
    const { comparisons } = await setup();
    await expect(comparisons.start({ collection: 'docs', candidate_model_id: 'boats', share: 0, min_queries: 10, max_queries: 5, extra: 1 })).rejects.toMatchObject({
      code: 'COMPARISON_VALIDATION',
      details: { issues: expect.arrayContaining([expect.objectContaining({ field: 'share' }), expect.objectContaining({ field: 'extra' })]) },
    });
    await expect(comparisons.start({ collection: 'docs', candidate_model_id: 'boats', min_queries: 10, max_queries: 5 })).rejects.toMatchObject({
      details: { issues: [expect.objectContaining({ field: 'max_queries' })] },
    });
    await expect(comparisons.start({ collection: 'docs', candidate_model_id: 'nope' })).rejects.toMatchObject({ code: 'SEARCH_MODEL_NOT_FOUND' });
    await expect(comparisons.start({ collection: 'docs', candidate_model_id: 'wide' })).rejects.toMatchObject({ code: 'SEARCH_MODEL_NOT_DEPLOYABLE' });
    await expect(comparisons.start({ collection: 'nodocs', candidate_model_id: 'boats' })).rejects.toMatchObject({ code: 'SEARCH_COLLECTION_NOT_FOUND' });
    await expect(comparisons.list({})).rejects.toMatchObject({ code: 'COMPARISON_VALIDATION' });
    await expect(comparisons.list({ collection: 'nodocs' })).rejects.toMatchObject({ code: 'SEARCH_COLLECTION_NOT_FOUND' });
    expect(await comparisons.list({ collection: 'docs' })).toEqual([]);
    await expect(comparisons.get('docs.9')).rejects.toMatchObject({ code: 'COMPARISON_NOT_FOUND' });
    await expect(comparisons.stop('docs.9')).rejects.toMatchObject({ code: 'COMPARISON_NOT_FOUND' });
  });
});

describe('offline estimate', () => {
  it('re-ranks the logged lists of the active profile with the candidate adapter and answers the IPS estimate', async () => {
    const { search, comparisons, click } = await setup();
    await expect(comparisons.estimate({ collection: 'docs', candidate_model_id: 'boats' })).rejects.toMatchObject({ code: 'COMPARISON_NOT_ENOUGH_DATA' });
    let clicked = 0;
    for (let i = 0; i < 30; i++) {
      const r = await search.search.search({ collection: 'docs', query: `${WORDS[i % WORDS.length]} ${i}`, k: 8 });
      if (i % 3 === 0) {
        click(r.search_id, r.results[i % 4]?.object_id as string);
        clicked++;
      }
    }
    const boats = await comparisons.estimate({ collection: 'docs', candidate_model_id: 'boats' });
    expect(boats).toMatchObject({ collection: 'docs', candidate_model_id: 'boats', control_version: 1, sessions: 30 });
    expect(boats.control.ctr).toBeCloseTo(clicked / 30, 10);
    expect(boats.candidate.ci[0]).toBeLessThanOrEqual(boats.candidate.ctr);
    expect(boats.candidate.ci[1]).toBeGreaterThanOrEqual(boats.candidate.ctr);
    expect(boats.propensities).toHaveLength(8);
    expect(boats.propensities[0]).toBe(1);
    // The identity adapter ranks exactly as the logged profile did: no change, nothing to test.
    const same = await comparisons.estimate({ collection: 'docs', candidate_model_id: 'same', max_sessions: 20 });
    expect(same).toMatchObject({ sessions: 20, lift: 0, worth_testing: false });
    expect(same.candidate.ctr).toBeCloseTo(same.control.ctr, 10);
    expect(same.candidate.mrr).toBeCloseTo(same.control.mrr, 10);
    await expect(comparisons.estimate({ collection: 'docs', candidate_model_id: 'boats', max_sessions: 0 })).rejects.toMatchObject({
      details: { issues: [expect.objectContaining({ field: 'max_sessions' })] },
    });
  });
});
