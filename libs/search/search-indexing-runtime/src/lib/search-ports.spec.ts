import { systemClock } from '@embedding-studio/primitives';
import { createSearchServices } from '@embedding-studio/search-core';
import { createHashingEncoder, createMemoryCatalogStore, createMemorySessionRecorder, createStaticEncoderProvider } from '@embedding-studio/search-core/testing';
import {
  createDualWriteIndex,
  createIndexingJobService,
  createIndexingRunner,
  createMemoryBuildRegistry,
  createMemoryJobStore,
  createMemoryProgressStore,
  parseImportRequest,
  parseReindexRequest,
  runReindex,
} from '@embedding-studio/search-indexing';
import { createMemoryJsonlSource } from '@embedding-studio/search-indexing/testing';
import { createMemoryVectorIndex } from '@embedding-studio/vector-index';
import { createSearchImportTargets, createSearchReindexCatalog, createSearchReindexEncoders } from './search-ports.js';

const TEXTS = ['cells divide by mitosis', 'stars burn hydrogen', 'rivers carve valleys', 'proteins fold into shapes', 'magnets attract iron'];

describe('imports and reindexes through the search layer', () => {
  it('imports JSONL into a collection with its item rules, searches it, then reindexes it for a new encoder without a failed search', async () => {
    const raw = createMemoryVectorIndex();
    const catalog = createMemoryCatalogStore();
    const encoders = createStaticEncoderProvider({ hashing: createHashingEncoder(32), 'hashing-64': createHashingEncoder(64, 'hashing-64') });
    const adapters = { load: async () => Promise.reject(new Error('no adapters')) };
    const builds = createMemoryBuildRegistry();
    const reindexCatalog = createSearchReindexCatalog(catalog);
    const reindexEncoders = createSearchReindexEncoders(encoders, adapters);
    const index = createDualWriteIndex(raw, { builds, catalog: reindexCatalog, encoders: reindexEncoders, cacheMs: 0 });
    const services = createSearchServices({ catalog, index, encoders, adapters, sessions: createMemorySessionRecorder(), profileCacheMs: 0 });
    await services.collections.create({ name: 'docs', fields_to_embed: ['title', 'text'], model: { encoder: 'hashing' }, filterable_fields: { year: 'int' } });

    const lines = [
      ...TEXTS.map((text, i) => JSON.stringify({ _id: `d${i}`, title: `t${i}`, text, year: 2000 + i })),
      JSON.stringify({ _id: 'bad-year', text: 'x', year: 'twenty' }),
      JSON.stringify({ _id: 'no-text', year: 2001 }),
    ];
    const progress = createMemoryProgressStore();
    const jobs = createIndexingJobService({ store: createMemoryJobStore(), progress, scheduler: { schedule: async () => undefined } });
    const targets = createSearchImportTargets({ catalog, index, encoders });
    const runner = createIndexingRunner({
      jobs,
      progress,
      owner: 'w',
      leaseMs: 60_000,
      openImport: async (job) => ({ source: createMemoryJsonlSource({ 'a.jsonl': lines.join('\n') }), target: await targets(job.collection) }),
      runReindex: (job, ctx) =>
        runReindex(job, ctx, { index: raw, catalog: reindexCatalog, encoders: reindexEncoders, builds, progress, clock: systemClock, settleMs: 0 }),
    });

    const imp = await jobs.createImport('docs', parseImportRequest({ source: { jsonl_path: 'a.jsonl' }, id_field: '_id', batch_size: 2 }));
    expect(await runner(imp.id, { signal: new AbortController().signal })).toEqual({ status: 'done' });
    const imported = await jobs.get(imp.id);
    expect(imported.progress).toMatchObject({ indexed: 5, rejected: 2 });
    expect(imported.progress.sources[0]?.rejects.map((r) => [r.line, r.field])).toEqual([
      [6, 'year'],
      [7, 'title'],
    ]);
    expect((await services.collections.get('docs')).count).toBe(5);
    const before = await services.search.search({ collection: 'docs', query: 'stars burn hydrogen', k: 2 });
    expect(before).toMatchObject({ model: { version: 1, encoder: 'hashing' }, results: [{ object_id: 'd1', meta: { year: 2001 } }, {}] });

    const re = await jobs.createReindex('docs', parseReindexRequest({ encoder: 'hashing-64', gate: { queries: [{ query: 'stars burn hydrogen', expected: ['d1'] }] } }, encoders.names()));
    expect(await runner(re.id, { signal: new AbortController().signal })).toEqual({ status: 'done' });
    const after = await services.search.search({ collection: 'docs', query: 'stars burn hydrogen', k: 2 });
    expect(after).toMatchObject({ model: { version: 2, encoder: 'hashing-64' }, results: [{ object_id: 'd1' }, {}] });
    const deployments = await services.deployments.list({ collection: 'docs' });
    expect(deployments.map((d) => [d.version, d.target, d.deployment.kind, d.active])).toEqual([
      [2, 'docs_v2', 'reindex', true],
      [1, 'docs_v1', 'create', false],
    ]);
    // The old version is kept: rolling back serves it again.
    expect(await services.deployments.rollback({ collection: 'docs' })).toMatchObject({ version: 3, target: 'docs_v1', encoder: 'hashing' });
  });
});
