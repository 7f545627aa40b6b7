import { systemClock } from '@embedding-studio/primitives';
import { createMemoryVectorIndex, type VectorIndex } from '@embedding-studio/vector-index';
import { IndexingSourceReadError } from '../errors.js';
import { createDualWriteIndex } from './dual-write.js';
import { createMemoryBuildRegistry } from './memory-builds.js';
import { createMemoryJobStore, createMemoryProgressStore } from './memory-stores.js';
import { parseReindexRequest, runReindex } from './reindex.js';
import { createIndexingRunner } from './runner.js';
import { createIndexingJobService } from './service.js';
import { createHashEncoders, createMemoryReindexCatalog } from './testing/reindex-fixtures.js';

const ITEMS = 40;
const texts = Array.from({ length: ITEMS, }, (_, i) => `document ${i} on ${['cells', 'stars', 'rivers', 'proteins', 'magnets'][i % 5]} number ${i * 7}`);

async function setup(options: { encoders?: Record<string, number> } = {}) {
  const raw = createMemoryVectorIndex();
  const encoders = createHashEncoders(options.encoders ?? { 'enc-a': 8, 'enc-b': 6, 'enc-flat': 6 });
  const catalog = createMemoryReindexCatalog({ version: 1, encoder: 'enc-a', target: 'docs_v1', slot: 'embedding' });
  await raw.ensureCollection(await catalog.physicalSpec('docs', 1, 8));
  const m = await encoders.embedItems('enc-a', texts);
  await raw.upsert(
    'docs_v1',
    texts.map((text, i) => ({ id: `d${i}`, vectors: { embedding: m.data.slice(i * 8, (i + 1) * 8) }, payload: { text } })),
  );
  const builds = createMemoryBuildRegistry();
  // What the items service writes through: it mirrors writes into a version being built.
  const items = createDualWriteIndex(raw, { builds, catalog, encoders, cacheMs: 0 });
  const progress = createMemoryProgressStore();
  const jobs = createIndexingJobService({ store: createMemoryJobStore(), progress, scheduler: { schedule: async () => undefined } });
  const clock = systemClock;
  const deps = { index: raw as VectorIndex, catalog, encoders, builds, progress, clock, settleMs: 0 };
  const runner = (index: VectorIndex = raw, owner = 'w1') =>
    createIndexingRunner({
      jobs,
      progress,
      openImport: async () => Promise.reject(new Error('no imports here')),
      runReindex: (job, ctx) => runReindex(job, ctx, { ...deps, index }),
      owner,
      leaseMs: 60_000,
      retryBaseMs: 0,
      clock,
    });
  const upsertText = async (id: string, text: string) => {
    const v = await encoders.embedItems('enc-a', [text]);
    await items.upsert('docs_v1', [{ id, vectors: { embedding: v.data }, payload: { text } }]);
  };
  return { raw, items, encoders, catalog, builds, jobs, progress, runner, upsertText };
}

async function contents(index: VectorIndex, name: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for await (const page of index.scan(name, { withVectors: false })) for (const d of page) out[d.id] = d.payload;
  return out;
}

const REQUEST = (extra: Record<string, unknown> = {}) =>
  parseReindexRequest({ encoder: 'enc-b', batch_size: 7, gate: { queries: [{ query: texts[3], expected: ['d3'] }, { query: texts[11], expected: ['d11'] }], ...extra } }, ['enc-a', 'enc-b', 'enc-flat']);

describe('blue/green reindex', () => {
  it('builds docs_v2 with the new encoder while writes go to both versions, gates it, and switches profile and alias', async () => {
    const s = await setup();
    // Writes land while the copy runs: after the 2nd page an item changes, one is added, one deleted.
    let pages = 0;
    const embedItems = s.encoders.embedItems;
    s.encoders.embedItems = async (name, t) => {
      if (name === 'enc-b' && ++pages === 2) {
        await s.upsertText('d0', 'document 0 rewritten during the build');
        await s.upsertText('new1', 'an item added during the build');
        await s.items.delete('docs_v1', { ids: ['d39'] });
      }
      return embedItems(name, t);
    };
    const job = await s.jobs.createReindex('docs', REQUEST());
    expect(await s.runner()(job.id, { signal: new AbortController().signal })).toEqual({ status: 'done' });

    const done = await s.jobs.get(job.id);
    expect(done).toMatchObject({ status: 'done', stage: 'done', result: { switched: true, version: 2, target: 'docs_v2', previous: 'docs_v1' } });
    expect(done.result?.['gate']).toMatchObject({ passed: true, count: { live: 40, candidate: 40 }, recall_at_10: { value: 1 }, general_queries: { queries: 2 } });
    // The copy saw 39 items (d39 was deleted before it got there); new1 came by dual write.
    expect(done.progress).toMatchObject({ units_total: 1, units_done: 1, read: 39, embedded: 39, indexed: 39 });
    expect(s.catalog.profiles.at(-1)).toMatchObject({ version: 2, encoder: 'enc-b', target: 'docs_v2' });
    expect(await s.raw.aliases.resolve('docs')).toBe('docs_v2');
    // Exactly the live items, with their latest content, embedded by the new encoder.
    expect(await contents(s.raw, 'docs_v2')).toEqual(await contents(s.raw, 'docs_v1'));
    expect(Object.keys(await contents(s.raw, 'docs_v2'))).toContain('new1');
    const [d0] = await s.raw.get('docs_v2', ['d0'], { withVectors: true });
    const expected = await s.encoders.embedItems('enc-b', ['document 0 rewritten during the build']);
    expect(Array.from(d0?.vectors['embedding'] ?? [])).toEqual(Array.from(expected.data));
    // The old version stays for rollback; the build is over, so writes no longer go to both.
    expect(await s.raw.count('docs_v1')).toBe(40);
    expect(await s.builds.list()).toEqual([]);
  });

  it('resumes after a crash in the copy and ends with exactly the live items', async () => {
    const s = await setup();
    const embedItems = s.encoders.embedItems;
    let calls = 0;
    s.encoders.embedItems = async (name, t) => {
      if (name === 'enc-b' && ++calls === 4) throw new IndexingSourceReadError('docs_v1', new Error('simulated crash'));
      return embedItems(name, t);
    };
    const job = await s.jobs.createReindex('docs', REQUEST());
    expect(await s.runner()(job.id, { signal: new AbortController().signal })).toEqual({ status: 'retry' });
    expect(await s.jobs.read(job.id)).toMatchObject({ status: 'pending', stage: 'copy', state: { pages_done: 3, copied: 21 } });
    const before = calls;
    expect(await s.runner(s.raw, 'w2')(job.id, { signal: new AbortController().signal })).toEqual({ status: 'done' });
    // Pages 1-3 were not embedded again: 3 more copy pages, then the gate's queries.
    expect(calls - before).toBeLessThan(3 + 2 + 3);
    expect(await contents(s.raw, 'docs_v2')).toEqual(await contents(s.raw, 'docs_v1'));
    expect((await s.jobs.get(job.id)).progress).toMatchObject({ indexed: 40, units_done: 1 });
  });

  it('leaves the live version untouched and records why when the gate fails', async () => {
    const s = await setup();
    const job = await s.jobs.createReindex('docs', parseReindexRequest({ encoder: 'enc-flat', gate: { queries: [{ query: texts[3], expected: ['d3'] }] } }, ['enc-a', 'enc-flat']));
    expect(await s.runner()(job.id, { signal: new AbortController().signal })).toEqual({ status: 'error' });
    const failed = await s.jobs.get(job.id);
    expect(failed).toMatchObject({ status: 'error', stage: 'gate-failed', error: { code: 'SEARCH_INDEXING_GATE_FAILED' } });
    expect((failed.state?.['gate'] as { failed: string[] }).failed.join()).toContain('general queries');
    expect(s.catalog.profiles).toHaveLength(1);
    expect(await s.raw.listCollections()).toEqual(['docs_v1']);
    expect(await s.builds.list()).toEqual([]);
  });

  it('refuses an unknown encoder and bad gate settings naming the field', () => {
    expect(() => parseReindexRequest({ encoder: 'nope' }, ['enc-a'])).toThrow(/encoder: must name an encoder/);
    expect(() => parseReindexRequest({ encoder: 'enc-a', gate: { min_recall: 2, queries: [{ query: 'x' }] } }, ['enc-a'])).toThrow(/gate.min_recall.*gate.queries.0/);
  });
});
