import { IndexingSourceReadError } from '../errors.js';
import { createMemoryJobStore, createMemoryProgressStore } from './memory-stores.js';
import type { ImportSpec } from './model.js';
import { createIndexingRunner } from './runner.js';
import { createIndexingJobService } from './service.js';
import { createMemoryJsonlSource, createRecordingTarget, jsonlItems } from './testing/fixtures.js';

const SPEC: ImportSpec = { source: { kind: 'jsonl', path: 'items' }, id_field: 'id', batch_size: 4 };

function setup(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  const clock = { now: () => now };
  const scheduled: Array<{ id: string; delayMs?: number }> = [];
  const progress = createMemoryProgressStore();
  let n = 0;
  const jobs = createIndexingJobService({
    store: createMemoryJobStore(),
    progress,
    scheduler: { schedule: async (id, o) => void scheduled.push({ id, ...(o?.delayMs !== undefined ? { delayMs: o.delayMs } : {}) }) },
    clock,
    ids: () => `job-${++n}`,
  });
  return { jobs, progress, clock, scheduled, advance: (ms: number) => (now += ms) };
}

describe('indexing jobs and their runner', () => {
  it('creates a pending job, queues it, runs it to done and shows its progress per source', async () => {
    const { jobs, progress, clock, scheduled } = setup();
    const view = await jobs.createImport('docs', SPEC);
    expect(view).toMatchObject({ id: 'job-1', kind: 'import', collection: 'docs', status: 'pending', source: SPEC.source });
    expect(scheduled).toEqual([{ id: 'job-1' }]);
    const target = createRecordingTarget();
    const source = createMemoryJsonlSource({ 'x.jsonl': jsonlItems(10, 'x'), 'y.jsonl': jsonlItems(3, 'y') });
    const run = createIndexingRunner({ jobs, progress, openImport: async () => ({ source, target }), owner: 'w1', leaseMs: 60_000, clock });
    expect(await run('job-1', { signal: new AbortController().signal })).toEqual({ status: 'done' });
    expect(target.items.size).toBe(13);
    const done = await jobs.get('job-1');
    expect(done).toMatchObject({ status: 'done', attempt: 1, result: { units: 2, read: 13, indexed: 13, rejected: 0 } });
    expect(done.progress).toMatchObject({ units_total: 2, units_done: 2, read: 13, embedded: 13, indexed: 13, eta_s: 0 });
    expect(done.progress.sources.map((s) => [s.unit, s.indexed, s.bytes_done === s.bytes_total])).toEqual([
      ['x.jsonl', 10, true],
      ['y.jsonl', 3, true],
    ]);
    // A duplicate queue entry finds nothing to claim.
    expect(await run('job-1', { signal: new AbortController().signal })).toEqual({ status: 'not-claimed' });
  });

  it('lets one worker hold a job; an expired lease is taken over with the next attempt', async () => {
    const { jobs, advance } = setup();
    await jobs.createImport('docs', SPEC);
    expect(await jobs.claim('job-1', 'w1', 1000)).toMatchObject({ status: 'running', attempt: 1, lease: { owner: 'w1' } });
    expect(await jobs.claim('job-1', 'w2', 1000)).toBeNull();
    expect(await jobs.findRecoverable()).toEqual([]);
    advance(1001);
    expect(await jobs.findRecoverable()).toEqual(['job-1']);
    expect(await jobs.claim('job-1', 'w2', 1000)).toMatchObject({ attempt: 2, lease: { owner: 'w2' } });
    await expect(jobs.heartbeat('job-1', 'w1', 1000)).rejects.toMatchObject({ code: 'SEARCH_INDEXING_LEASE_LOST' });
    await expect(jobs.complete('job-1', 'w1', {})).rejects.toMatchObject({ code: 'SEARCH_INDEXING_LEASE_LOST' });
  });

  it('retries a transient failure later, resumes from the checkpoints, and ends a permanent one in error', async () => {
    const { jobs, progress, clock, scheduled, advance } = setup();
    await jobs.createImport('docs', SPEC);
    const target = createRecordingTarget();
    const inner = createMemoryJsonlSource({ 'x.jsonl': jsonlItems(10, 'x') });
    let failures = 1;
    const source = {
      ...inner,
      async *open(key: string, offset: number, signal: AbortSignal) {
        let chunks = 0;
        for await (const c of inner.open(key, offset, signal)) {
          if (chunks++ === 40 && failures-- > 0) throw new IndexingSourceReadError(key, new Error('connection reset'));
          yield c;
        }
      },
    };
    const run = createIndexingRunner({ jobs, progress, openImport: async () => ({ source, target }), owner: 'w1', leaseMs: 60_000, retryBaseMs: 500, clock });
    expect(await run('job-1', { signal: new AbortController().signal })).toEqual({ status: 'retry' });
    const pending = await jobs.get('job-1');
    expect(pending).toMatchObject({ status: 'pending', error: { code: 'SEARCH_INDEXING_SOURCE_READ_FAILED' } });
    expect(pending.progress.indexed).toBeGreaterThan(0);
    expect(scheduled.at(-1)).toEqual({ id: 'job-1', delayMs: 500 });
    expect(await run('job-1', { signal: new AbortController().signal })).toEqual({ status: 'not-claimed' });
    advance(500);
    expect(await run('job-1', { signal: new AbortController().signal })).toEqual({ status: 'done' });
    expect(target.items.size).toBe(10);
    expect((await jobs.get('job-1')).progress.indexed).toBe(10);

    await jobs.createImport('docs', SPEC);
    const broken = createIndexingRunner({
      jobs,
      progress,
      openImport: async () => ({ source, target: { ...target, upsert: async () => Promise.reject(new Error('bad vectors')) } }),
      owner: 'w1',
      leaseMs: 60_000,
      clock,
    });
    expect(await broken('job-2', { signal: new AbortController().signal })).toEqual({ status: 'error' });
    expect(await jobs.get('job-2')).toMatchObject({ status: 'error', error: { message: 'bad vectors' } });
  });

  it('hands an interrupted job back at once', async () => {
    const { jobs, progress, clock } = setup();
    await jobs.createImport('docs', SPEC);
    const controller = new AbortController();
    const target = createRecordingTarget();
    const source = createMemoryJsonlSource({ 'x.jsonl': jsonlItems(50, 'x') });
    const slow = { ...target, upsert: async (...args: Parameters<typeof target.upsert>) => {
      if (target.upserts === 2) controller.abort('shutting down');
      await target.upsert(...args);
    } };
    const run = createIndexingRunner({ jobs, progress, openImport: async () => ({ source, target: slow }), owner: 'w1', leaseMs: 60_000, clock });
    expect(await run('job-1', { signal: controller.signal })).toEqual({ status: 'interrupted' });
    expect(await jobs.findRecoverable()).toEqual(['job-1']);
  });

  it('runs a job once when the queue hands it twice to the same worker process', async () => {
    const { jobs, progress, clock } = setup();
    await jobs.createImport('docs', SPEC);
    const target = createRecordingTarget();
    const source = createMemoryJsonlSource({ 'x.jsonl': jsonlItems(20, 'x') });
    const run = createIndexingRunner({ jobs, progress, openImport: async () => ({ source, target }), owner: 'host:1', leaseMs: 60_000, clock });
    const outcomes = await Promise.all([run('job-1', { signal: new AbortController().signal }), run('job-1', { signal: new AbortController().signal })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['done', 'not-claimed']);
    expect((await jobs.get('job-1')).progress).toMatchObject({ indexed: 20, units_done: 1 });
  });

  it('answers SEARCH_INDEXING_JOB_NOT_FOUND for an unknown id', async () => {
    await expect(setup().jobs.get('nope')).rejects.toMatchObject({ code: 'SEARCH_INDEXING_JOB_NOT_FOUND' });
  });
});
