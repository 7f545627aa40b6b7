import { createMemoryVectorIndex } from '@embedding-studio/vector-index';
import { hasErrorCode } from '@embedding-studio/errors';
import type { JsonObject } from '@embedding-studio/primitives';
import {
  aLinearAdapterArtifact,
  createHashingEncoder,
  createMemoryCatalogStore,
  createMemorySessionRecorder,
  createStaticEncoderProvider,
  searchCatalogStoreContract,
} from '../testing.js';
import { createAutoDeployer, type FinishedTaskView } from './auto-deploy.js';
import { createArtifactQueryAdapterLoader } from './query-adapter.js';
import { createSearchServices } from './search-services.js';
import type { SearchComparisonHook } from './ports.js';
import type { SearchServicesOptions } from './services.js';

const DIM = 32;

/** A kernel that maps every query onto the direction of `target`'s words (a "trained" adapter that changes rankings). */
async function towards(text: string): Promise<Float32Array> {
  const v = (await createHashingEncoder(DIM).embedQueries([text])).data;
  const kernel = new Float32Array(DIM * DIM);
  for (let i = 0; i < DIM; i++) for (let j = 0; j < DIM; j++) kernel[i * DIM + j] = 0.01 * (i === j ? 1 : 0) + (v[j] ?? 0);
  return kernel;
}

async function setup(overrides: Partial<SearchServicesOptions> = {}) {
  const artifacts = new Map<string, ReturnType<typeof aLinearAdapterArtifact>>();
  const sessions = createMemorySessionRecorder();
  const index = createMemoryVectorIndex();
  const catalog = createMemoryCatalogStore();
  const services = createSearchServices({
    catalog,
    index,
    encoders: createStaticEncoderProvider({ hashing: createHashingEncoder(DIM) }),
    adapters: createArtifactQueryAdapterLoader({
      read: async (key) => {
        const b = artifacts.get(key);
        if (!b) throw new Error(`no artifact ${key}`);
        return b;
      },
    }),
    sessions,
    models: { get: async (id) => (artifacts.has(`models/${id}`) ? { model_id: id, artifact_key: `models/${id}` } : undefined) },
    profileCacheMs: 60_000,
    ...overrides,
  });
  await services.collections.create({ name: 'docs', fields_to_embed: ['title', 'text'], model: { encoder: 'hashing' }, filterable_fields: { lang: 'keyword' } });
  await services.items.upsert('docs', [
    { id: 'a', title: 'red apples', text: 'fresh fruit from the orchard', lang: 'en' },
    { id: 'b', title: 'green pears', text: 'fruit on a tree', lang: 'en' },
    { id: 'c', title: 'red cars', text: 'fast engines and wheels', lang: 'de' },
    { id: 'd', title: 'blue boats', text: 'sailing on the sea', lang: 'en' },
  ]);
  const addModel = async (id: string, kernel?: Float32Array): Promise<void> => {
    artifacts.set(`models/${id}`, aLinearAdapterArtifact(DIM, kernel ? { kernel } : {}));
  };
  return { services, sessions, index, catalog, addModel };
}

const code = (e: unknown): string => (e as { code?: string }).code ?? String(e);

describe('collections and items', () => {
  it('creates a collection with version 1 behind its alias and counts items', async () => {
    const { services, index } = await setup();
    const c = await services.collections.get('docs');
    expect(c).toMatchObject({ name: 'docs', count: 4, profile_version: 1, fields_to_embed: ['title', 'text'] });
    expect(await index.aliases.resolve('docs')).toBe('docs_v1');
    expect((await services.collections.create({ name: 'docs', fields_to_embed: ['title', 'text'], model: { encoder: 'hashing' }, filterable_fields: { lang: 'keyword' } })).created).toBe(false);
    await expect(services.collections.create({ name: 'docs', fields_to_embed: ['body'], model: { encoder: 'hashing' } })).rejects.toMatchObject({ code: 'SEARCH_COLLECTION_EXISTS' });
    await expect(services.collections.create({ name: 'x', model: { encoder: 'nope' } })).rejects.toMatchObject({ code: 'SEARCH_UNKNOWN_ENCODER' });
    await expect(services.collections.create({ name: 'bad name' })).rejects.toMatchObject({ code: 'SEARCH_VALIDATION', details: { issues: [{ field: 'name' }] } });
  });

  it('rejects a bad batch naming the item index and field, and stores nothing from it', async () => {
    const { services } = await setup();
    const err = await services.items
      .upsert('docs', [
        { id: 'e', title: 'fine item' },
        { id: 'f', lang: 'en' },
        { id: 'g', title: 'x', lang: 3 },
        { id: 'e', title: 'again' },
        { title: 'no id' },
      ])
      .catch((e: unknown) => e);
    expect(code(err)).toBe('SEARCH_VALIDATION');
    expect((err as { details: { issues: { field: string }[] } }).details.issues.map((i) => i.field)).toEqual([
      'items[1].title',
      'items[2].lang',
      'items[3].id',
      'items[4].id',
    ]);
    expect((await services.collections.get('docs')).count).toBe(4);
    await expect(services.items.get('docs', 'e')).rejects.toMatchObject({ code: 'SEARCH_ITEM_NOT_FOUND' });
  });

  it('refuses too many items with 413 and unknown collections with 404', async () => {
    const { services } = await setup({ limits: { maxItemsPerRequest: 4 } });
    await expect(services.items.upsert('docs', ['1', '2', '3', '4', '5'].map((id) => ({ id, title: id })))).rejects.toMatchObject({
      code: 'SEARCH_PAYLOAD_TOO_LARGE',
    });
    await expect(services.items.upsert('nope', [{ id: '1', title: 'a' }])).rejects.toMatchObject({ code: 'SEARCH_COLLECTION_NOT_FOUND' });
  });

  it('gets and deletes items', async () => {
    const { services } = await setup();
    expect(await services.items.get('docs', 'a')).toEqual({ id: 'a', fields: { title: 'red apples', text: 'fresh fruit from the orchard', lang: 'en' } });
    expect(await services.items.delete('docs', 'a')).toEqual({ deleted: 1 });
    await expect(services.items.delete('docs', 'a')).rejects.toMatchObject({ code: 'SEARCH_ITEM_NOT_FOUND' });
    expect((await services.collections.get('docs')).count).toBe(3);
  });
});

describe('search', () => {
  it('answers ranked results with the profile version and records the session', async () => {
    const { services, sessions } = await setup();
    const r = await services.search.search({ collection: 'docs', query: 'red fruit', k: 2, user_id: 'u1' });
    expect(r.model).toEqual({ version: 1, encoder: 'hashing' });
    expect(r.results.map((x) => x.rank)).toEqual([1, 2]);
    expect(r.results[0]?.object_id).toBe('a');
    const s = sessions.sessions.get(r.search_id);
    expect(s).toMatchObject({ query: 'red fruit', user_id: 'u1', search_meta: { collection: 'docs', profile_version: 1, k: 2 } });
    expect(s?.search_meta['latency_ms']).toEqual(expect.any(Number));
    expect(s?.search_meta['latency_ms']).toBeGreaterThanOrEqual(0);
    expect(s?.results.map((x) => x.object_id)).toEqual(r.results.map((x) => x.object_id));
    expect(s?.results[0]?.meta).toEqual({ title: 'red apples', text: 'fresh fruit from the orchard' });
  });

  it('filters on declared fields and rejects filters on others', async () => {
    const { services } = await setup();
    const r = await services.search.search({ collection: 'docs', query: 'red', k: 4, filter: { field: 'lang', eq: 'de' } });
    expect(r.results.map((x) => x.object_id)).toEqual(['c']);
    const err = await services.search.search({ collection: 'docs', query: 'red', filter: { field: 'color', eq: 'x' } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SEARCH_VALIDATION', details: { issues: [{ field: 'filter.field' }] } });
    await expect(services.search.search({ collection: 'docs', query: '', k: 0 })).rejects.toMatchObject({ code: 'SEARCH_VALIDATION' });
  });

  it('loads more with the profile the search pinned, even after a deploy', async () => {
    const { services, sessions, addModel } = await setup();
    const first = await services.search.search({ collection: 'docs', query: 'red fruit', k: 2 });
    await addModel('m1', await towards('blue boats sailing sea'));
    await services.deployments.deployModel('m1', { collection: 'docs' });
    const more = await services.search.search({ search_id: first.search_id, k: 2 });
    expect(more.model.version).toBe(1);
    expect(more.search_id).toBe(first.search_id);
    expect(more.results.map((x) => x.rank)).toEqual([3, 4]);
    const all = [...first.results, ...more.results].map((x) => x.object_id);
    expect(new Set(all).size).toBe(4);
    expect(sessions.sessions.get(first.search_id)?.results).toHaveLength(4);
    const fresh = await services.search.search({ collection: 'docs', query: 'red fruit', k: 2 });
    expect(fresh.model).toEqual({ version: 2, encoder: 'hashing', adapter_model_id: 'm1' });
    await expect(services.search.search({ search_id: 'unknown', offset: 2 })).rejects.toMatchObject({ code: 'SEARCH_SESSION_NOT_FOUND' });
  });
});

describe('online comparison hook', () => {
  /** A plan that shows the candidate's list only (or both, first control then candidate ids). */
  const hookFor = (uses: { control: boolean; candidate: boolean }, calls: unknown[]): SearchComparisonHook => ({
    async plan(input) {
      calls.push(input);
      return {
        candidate: { model_id: 'm1', artifact_key: 'models/m1' },
        uses,
        mix: (control, candidate, k) => ({ ids: [...new Set([...control, ...candidate])].slice(0, k), mark: { id: 'docs.1', lists: [control.length, candidate.length] } }),
      };
    },
  });

  it('shows what the plan mixes from the control and the candidate adapter, and records its mark in the session', async () => {
    const calls: unknown[] = [];
    const { services, sessions, addModel } = await setup({ comparisons: hookFor({ control: false, candidate: true }, calls) });
    await addModel('m1', await towards('blue boats sailing sea'));
    const r = await services.search.search({ collection: 'docs', query: 'red fruit', k: 2 });
    // The candidate adapter pulls every query towards boats; the control would answer 'a' first.
    expect(r.results[0]?.object_id).toBe('d');
    expect(r.results.map((x) => x.rank)).toEqual([1, 2]);
    expect(r.model).toEqual({ version: 1, encoder: 'hashing' });
    expect(calls).toEqual([{ collection: 'docs', searchId: r.search_id, profileVersion: 1 }]);
    const s = sessions.sessions.get(r.search_id);
    expect(s?.search_meta['comparison']).toEqual({ id: 'docs.1', lists: [0, 2] });
    expect(s?.results.map((x) => x.object_id)).toEqual(r.results.map((x) => x.object_id));
    // "Load more" is the profile's alone: the hook is not asked.
    await services.search.search({ search_id: r.search_id, k: 2 });
    expect(calls).toHaveLength(1);
  });

  it('leaves searches alone when the plan is undefined', async () => {
    const { services, sessions } = await setup({ comparisons: { plan: async () => undefined } });
    const r = await services.search.search({ collection: 'docs', query: 'red fruit', k: 2 });
    expect(r.results[0]?.object_id).toBe('a');
    expect(sessions.sessions.get(r.search_id)?.search_meta['comparison']).toBeUndefined();
  });
});

describe('deployments', () => {
  it('deploys an adapter as the next version, changing rankings with no reindex, and rolls back', async () => {
    const { services, addModel, index } = await setup();
    const before = await services.search.search({ collection: 'docs', query: 'red fruit', k: 4 });
    await addModel('m1', await towards('blue boats sailing sea'));
    const v2 = await services.deployments.deployModel('m1', { collection: 'docs', expected_version: 1 });
    expect(v2).toMatchObject({ version: 2, active: true, target: 'docs_v1', adapter: { model_id: 'm1' }, deployment: { kind: 'adapter', previous_version: 1 } });
    const after = await services.search.search({ collection: 'docs', query: 'red fruit', k: 4 });
    expect(after.results[0]?.object_id).toBe('d');
    expect(before.results[0]?.object_id).toBe('a');
    expect(await index.listCollections()).toEqual(['docs_v1']);

    const rolled = await services.deployments.rollback({ collection: 'docs' });
    expect(rolled).toMatchObject({ version: 3, deployment: { kind: 'rollback', restored_version: 1, previous_version: 2 } });
    expect(rolled.adapter).toBeUndefined();
    const again = await services.search.search({ collection: 'docs', query: 'red fruit', k: 4 });
    expect(again.model).toEqual({ version: 3, encoder: 'hashing' });
    expect(again.results.map((r) => r.object_id)).toEqual(before.results.map((r) => r.object_id));
    expect((await services.deployments.list({ collection: 'docs' })).map((d) => [d.version, d.active])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    const back = await services.deployments.rollback({ collection: 'docs', to_version: 2 });
    expect(back.adapter?.model_id).toBe('m1');
    await expect(services.deployments.rollback({ collection: 'docs', to_version: 9 })).rejects.toMatchObject({ code: 'SEARCH_PROFILE_NOT_FOUND' });
  });

  it('switches by compare-and-set: a stale expected_version loses with 409', async () => {
    const { services, addModel } = await setup();
    await addModel('m1');
    await addModel('m2');
    const results = await Promise.allSettled([
      services.deployments.deployModel('m1', { collection: 'docs', expected_version: 1 }),
      services.deployments.deployModel('m2', { collection: 'docs', expected_version: 1 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected');
    expect(hasErrorCode((lost as PromiseRejectedResult).reason, 'SEARCH_PROFILE_CONFLICT')).toBe(true);
    expect((await services.deployments.activeProfile('docs')).version).toBe(2);
  });

  it('without expected_version, concurrent deploys all land as consecutive versions', async () => {
    const { services, addModel } = await setup();
    await addModel('m1');
    await addModel('m2');
    await addModel('m3');
    const done = await Promise.all(['m1', 'm2', 'm3'].map((m) => services.deployments.deployModel(m, { collection: 'docs' })));
    expect(done.map((d) => d.version).sort()).toEqual([2, 3, 4]);
  });

  it('refuses unknown models and models that are not query adapters', async () => {
    const { services, addModel } = await setup();
    await expect(services.deployments.deployModel('none', { collection: 'docs' })).rejects.toMatchObject({ code: 'SEARCH_MODEL_NOT_FOUND' });
    await addModel('m1');
    await expect(services.deployments.deployModel('m1', { collection: 'nope' })).rejects.toMatchObject({ code: 'SEARCH_COLLECTION_NOT_FOUND' });
    const s2 = await setup({ adapters: { load: async () => ({ modelId: 'w', inputDimension: DIM, outputDimension: 8, apply: (v) => v }) } });
    await s2.addModel('w');
    await expect(s2.services.deployments.deployModel('w', { collection: 'docs' })).rejects.toMatchObject({ code: 'SEARCH_MODEL_NOT_DEPLOYABLE' });
  });
});

describe('automatic deploys', () => {
  const done = (id: string, metrics: Record<string, number>, deploy?: JsonObject): FinishedTaskView => ({
    id,
    status: 'done',
    best_model_id: `model-${id}`,
    metrics,
    ...(deploy ? { metadata: { deploy } } : {}),
  });

  it('deploys a task that asks for it once its gate passes, once, and records the gate', async () => {
    const { services, addModel } = await setup();
    await addModel('model-t1');
    await addModel('model-t2', await towards('blue boats sailing sea'));
    await addModel('model-t3');
    const tasks = [
      done('t1', { test_not_irrelevant_dist_shift: 0.02 }, { collection: 'docs', auto: true, general_queries: ['fruit', 'cars'], general_k: 1 }),
      done('t2', { test_not_irrelevant_dist_shift: 0.05 }, { collection: 'docs', auto: true, general_queries: ['fruit', 'cars', 'pears'], min_overlap: 0.9, general_k: 1 }),
      done('t3', { test_not_irrelevant_dist_shift: -0.01 }, { collection: 'docs', auto: true }),
      done('t4', { test_not_irrelevant_dist_shift: 0.3 }),
    ];
    const deployer = createAutoDeployer({ listDoneTasks: async () => tasks, deployments: services.deployments });
    const first = await deployer.runOnce();
    expect(first.map((o) => [o.task_id, o.outcome])).toEqual([
      ['t1', 'deployed'],
      ['t2', 'gate-failed'],
      ['t3', 'gate-failed'],
    ]);
    const t1 = first[0] as Extract<(typeof first)[number], { outcome: 'deployed' }>;
    expect(t1.deployment).toMatchObject({ version: 2, adapter: { model_id: 'model-t1' }, deployment: { requested_by: 'auto:t1' } });
    expect(t1.gate).toMatchObject({ passed: true, clicks: { value: 0.02, passed: true }, general: { queries: 2, k: 1, overlap: 1, passed: true } });
    const t2 = first[1] as Extract<(typeof first)[number], { outcome: 'gate-failed' }>;
    expect(t2.gate.clicks.passed).toBe(true);
    expect(t2.gate.general.passed).toBe(false);
    expect((first[2] as Extract<(typeof first)[number], { outcome: 'gate-failed' }>).gate.clicks.passed).toBe(false);
    expect(await deployer.runOnce()).toEqual([]);
    // Another process (a fresh deployer) sees the recorded deploy and does not repeat it.
    const again = await createAutoDeployer({ listDoneTasks: async () => tasks.slice(0, 1), deployments: services.deployments }).runOnce();
    expect(again.map((o) => o.outcome)).toEqual(['already-deployed']);
    expect((await services.deployments.activeProfile('docs')).version).toBe(2);
  });
});

searchCatalogStoreContract('memory', async () => {
  const store = createMemoryCatalogStore();
  return { a: store, b: store };
});
