import { systemClock } from '@embedding-studio/primitives';
import { createTestDatabasePair } from '@embedding-studio/mongo/testing';
import { createIndexingJobService, runImport } from '@embedding-studio/search-indexing';
import { createCrashPlan, createMemoryJsonlSource, createRecordingTarget, jobStoreContract, jsonlItems } from '@embedding-studio/search-indexing/testing';
import { createMongoIndexingStores } from './mongo-stores.js';

jobStoreContract('mongo, two instances on separate connections', async () => {
  const pair = await createTestDatabasePair('search_indexing_mongo');
  return {
    store: (await createMongoIndexingStores({ connection: pair.db.connection })).jobs,
    peer: (await createMongoIndexingStores({ connection: pair.second.connection })).jobs,
    cleanup: pair.close,
  };
});

describe('mongo progress store', () => {
  it('keeps checkpoints so that an import killed mid-way resumes to exactly the source items', async () => {
    const pair = await createTestDatabasePair('search_indexing_mongo_progress');
    try {
      const files = { 'a.jsonl': jsonlItems(30, 'a'), 'b.jsonl': jsonlItems(12, 'b') };
      const target = createRecordingTarget();
      const first = await createMongoIndexingStores({ connection: pair.db.connection });
      const source = createMemoryJsonlSource(files, { chunkBytes: 64 });
      const units = await source.list();
      const plan = createCrashPlan(9);
      const crashing = { ...target, upsert: async (...args: Parameters<typeof target.upsert>) => (plan.tick('upsert'), target.upsert(...args)) };
      const opts = { jobId: 'j1', units, source, idField: 'id', batchSize: 4, readConcurrency: 2, clock: systemClock };
      await expect(runImport({ ...opts, target: crashing, progress: first.progress, signal: new AbortController().signal })).rejects.toThrow('simulated crash');
      const partial = await first.progress.list('j1');
      expect(partial.reduce((s, p) => s + p.indexed, 0)).toBeLessThan(42);

      // Another process resumes from what the first one stored.
      const second = await createMongoIndexingStores({ connection: pair.second.connection });
      const summary = await runImport({ ...opts, target, progress: second.progress, signal: new AbortController().signal });
      expect(summary).toMatchObject({ units: 2, indexed: 42, rejected: 0 });
      expect([...target.items.keys()].sort()).toEqual([...Array.from({ length: 30 }, (_, i) => `a${i}`), ...Array.from({ length: 12 }, (_, i) => `b${i}`)].sort());
      const stored = await second.progress.list('j1');
      expect(stored.map((p) => [p.unit, p.done, p.offset === p.size, p.resumed_at instanceof Date])).toEqual([
        ['a.jsonl', true, true, true],
        ['b.jsonl', true, true, true],
      ]);
    } finally {
      await pair.close();
    }
  });

  it('lets one of several workers claim a job and lists it as recoverable once its lease expires', async () => {
    const pair = await createTestDatabasePair('search_indexing_mongo_claim');
    try {
      let now = Date.now();
      const clock = { now: () => now };
      const services = await Promise.all(
        [pair.db, pair.second, pair.db, pair.second].map(async (db) => {
          const stores = await createMongoIndexingStores({ connection: db.connection });
          return createIndexingJobService({ store: stores.jobs, progress: stores.progress, scheduler: { schedule: async () => undefined }, clock });
        }),
      );
      const [first, second] = services as [(typeof services)[number], (typeof services)[number]];
      const job = await first.createImport('docs', { source: { kind: 'jsonl', path: 'x' }, id_field: 'id', batch_size: 8 });
      const claims = await Promise.all(services.map((s, i) => s.claim(job.id, `w${i}`, 1000)));
      expect(claims.filter((c) => c !== null)).toHaveLength(1);
      expect(await second.findRecoverable()).toEqual([]);
      now += 1500;
      expect(await second.findRecoverable()).toEqual([job.id]);
    } finally {
      await pair.close();
    }
  });
});

describe('mongo build registry', () => {
  it('shows a build to another connection and clears it only for its own job', async () => {
    const pair = await createTestDatabasePair('search_indexing_mongo_builds');
    try {
      const a = await createMongoIndexingStores({ connection: pair.db.connection });
      const b = await createMongoIndexingStores({ connection: pair.second.connection });
      const build = { collection: 'docs', job_id: 'j1', source: 'docs_v1', target: 'docs_v2', encoder: 'e2', slot: 'embedding', started_at: new Date(1_000) };
      await a.builds.put(build);
      expect(await b.builds.list()).toEqual([build]);
      await b.builds.clear('docs', 'other-job');
      expect(await a.builds.list()).toHaveLength(1);
      await b.builds.clear('docs', 'j1');
      expect(await a.builds.list()).toEqual([]);
    } finally {
      await pair.close();
    }
  });
});
