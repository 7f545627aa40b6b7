// Imports and a blue/green reindex through the real API and worker processes, on FerretDB,
// MinIO and LanceDB: an S3 import killed mid-way and resumed by another worker, then SciFact
// from JSONL, reindexed for a new encoder under concurrent search load.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3TestConnectionFromEnv } from '@embedding-studio/artifact-store-s3/testing';
import { createS3ImportClient } from '@embedding-studio/search-indexing-s3';
import { AUTHORIZATION, ROOT, call, startStack, until, type Stack } from './harness.js';

jest.setTimeout(30 * 60_000);

interface JobView {
  id: string;
  status: string;
  attempt: number;
  stage?: string;
  created_at: string;
  finished_at?: string;
  error?: { code: string; message: string };
  result?: Record<string, unknown>;
  progress: { units_total: number; units_done: number; read: number; embedded: number; indexed: number; rejected: number; items_per_s: number; eta_s: number | null; embed_ms: number; index_ms: number; sources: Array<{ unit: string; indexed: number; done: boolean }> };
}
interface SearchView {
  search_id: string;
  results: Array<{ object_id: string; rank: number; score: number }>;
  model: { version: number; encoder: string };
}

const DATASETS = resolve(ROOT, '../shared/datasets');
const SCIFACT = join(DATASETS, 'scifact/corpus.jsonl');
// SciFact documents imported by the JSONL test: `all` imports the whole corpus file in place (5183
// documents; tens of minutes on a busy 2-core machine); a number imports the first n of them.
const SCIFACT_DOCS = process.env['E2E_SCIFACT_DOCS'] ?? '400';
/** Documents per S3 object in the kill-and-resume test (three objects). */
const S3_DOCS = 100;
const bucket = `e2e-import-${randomUUID().slice(0, 8)}`;
let stack: Stack;
let dataDir: string;
let corpus: Array<{ _id: string; title: string; text: string }>;
let importRoot: string;
let importPath: string;
let s3Client: { destroy(): void } | undefined;

beforeAll(async () => {
  corpus = (await readFile(SCIFACT, 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { _id: string; title: string; text: string });
  dataDir = await mkdtemp(join(tmpdir(), 'es-indexing-e2e-'));
  if (SCIFACT_DOCS === 'all') {
    importRoot = DATASETS;
    importPath = 'scifact/corpus.jsonl';
  } else {
    corpus = corpus.slice(0, Number(SCIFACT_DOCS));
    importRoot = join(dataDir, 'imports');
    importPath = 'scifact/corpus-head.jsonl';
    await mkdir(join(importRoot, 'scifact'), { recursive: true });
    await writeFile(join(importRoot, importPath), corpus.map((d) => JSON.stringify(d)).join('\n') + '\n');
  }
  const s3 = createS3ImportClient({ ...s3TestConnectionFromEnv(), buckets: [] });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3Client = s3;
  // 3 × S3_DOCS SciFact documents in three objects under one prefix, and one bad line.
  for (let part = 0; part < 3; part++) {
    const lines = corpus.slice(part * S3_DOCS, (part + 1) * S3_DOCS).map((d) => JSON.stringify(d));
    if (part === 1) lines.splice(10, 0, '{"_id": "broken", "title": ');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `scifact/part-${part}.jsonl`, Body: lines.join('\n') + '\n' }));
  }
  stack = await startStack('indexing', {
    VECTOR_DATA_DIR: dataDir,
    IMPORT_ROOT: importRoot,
    IMPORT_S3_BUCKETS: bucket,
    WORKER_LEASE_MS: '8000',
    INDEXING_SETTLE_MS: '2500',
    SEARCH_PROFILE_CACHE_MS: '500',
  });
});
afterAll(async () => {
  s3Client?.destroy();
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const job = (kind: 'imports' | 'reindexes', id: string): Promise<JobView> => call<JobView>('GET', `${stack.apiUrl}/${kind}/${id}`);

async function waitFor(kind: 'imports' | 'reindexes', id: string, timeoutMs: number): Promise<JobView> {
  return until(`${kind} ${id} to finish`, async () => {
    const j = await job(kind, id);
    if (j.status === 'error') throw new Error(`job failed: ${JSON.stringify(j.error)} ${JSON.stringify(j.result ?? {})}`);
    return j.status === 'done' ? j : null;
  }, timeoutMs, 500).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${stack.logs()}`);
  });
}

const count = async (name: string): Promise<number> => (await call<{ count: number }>('GET', `${stack.apiUrl}/collections/${name}`)).count;

describe('imports and blue/green reindex (api + worker processes)', () => {
  it('rejects bad import requests with a 4xx naming the field and stores nothing', async () => {
    await call('POST', `${stack.apiUrl}/collections`, { name: 'checks', fields_to_embed: ['title', 'text'] }, 201);
    const refused = await fetch(`${stack.apiUrl}/collections/checks/imports`, { method: 'POST', headers: { ...AUTHORIZATION, 'content-type': 'application/json' }, body: JSON.stringify({ source: { jsonl_path: '../../../etc/passwd' } }) });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'SEARCH_INDEXING_SOURCE_REFUSED', details: { field: 'source.jsonl_path' } } });
    const bucketRefused = await fetch(`${stack.apiUrl}/collections/checks/imports`, { method: 'POST', headers: { ...AUTHORIZATION, 'content-type': 'application/json' }, body: JSON.stringify({ source: { s3_prefix: 'x/', bucket: 'other-bucket' } }) });
    expect(bucketRefused.status).toBe(400);
    const missing = await fetch(`${stack.apiUrl}/collections/nope/imports`, { method: 'POST', headers: { ...AUTHORIZATION, 'content-type': 'application/json' }, body: JSON.stringify({ source: { jsonl_path: importPath } }) });
    expect(missing.status).toBe(404);
  });

  it('imports an S3 prefix of several objects; a worker killed mid-way is replaced and the result has every item once', async () => {
    await call('POST', `${stack.apiUrl}/collections`, { name: 'scifact_s3', fields_to_embed: ['title', 'text'] }, 201);
    const a = await stack.startWorker('indexer-a');
    const created = await call<JobView>('POST', `${stack.apiUrl}/collections/scifact_s3/imports`, { source: { s3_prefix: 'scifact/' }, id_field: '_id', batch_size: 16 });
    await until('the import to be part-way', async () => {
      const j = await job('imports', created.id);
      return j.progress.indexed >= 40 && j.status === 'running' ? j : null;
    }, 5 * 60_000, 200);
    a.child.kill('SIGKILL');
    expect(await a.exited).toBe('SIGKILL');
    const partial = await job('imports', created.id);
    expect(partial.progress.indexed).toBeLessThan(3 * S3_DOCS);

    const b = await stack.startWorker('indexer-b');
    const done = await waitFor('imports', created.id, 10 * 60_000);
    // At least one takeover (more when a heavily loaded machine lets a lease lapse).
    expect(done.attempt).toBeGreaterThanOrEqual(2);
    expect(done.progress).toMatchObject({ units_total: 3, units_done: 3, indexed: 3 * S3_DOCS, rejected: 1 });
    expect(await count('scifact_s3')).toBe(3 * S3_DOCS);
    b.child.kill('SIGTERM');
    await b.exited;
  });

  it('imports SciFact from JSONL, then reindexes it for a new encoder under concurrent searches that all answer 200 from the version they name', async () => {
    await call('POST', `${stack.apiUrl}/collections`, { name: 'scifact', fields_to_embed: ['title', 'text'] }, 201);
    const worker = await stack.startWorker('indexer-c');
    const started = Date.now();
    const imported = await call<JobView>('POST', `${stack.apiUrl}/collections/scifact/imports`, { source: { jsonl_path: importPath }, id_field: '_id' });
    const done = await waitFor('imports', imported.id, 20 * 60_000);
    const searchable = Date.now();
    expect(done.progress).toMatchObject({ indexed: corpus.length, rejected: 0 });
    expect(await count('scifact')).toBe(corpus.length);
    const importFigures = {
      items: corpus.length,
      seconds_to_searchable: (searchable - started) / 1000,
      items_per_s: corpus.length / ((searchable - started) / 1000),
      embed_s: done.progress.embed_ms / 1000,
      index_s: done.progress.index_ms / 1000,
    };

    // Expected top 5 of fixed queries under each version, computed while nothing else runs.
    const queries = ['cancer immunotherapy', 'vitamin D deficiency', 'stem cell differentiation', 'antibiotic resistance bacteria', 'DNA methylation aging'];
    const top = async (q: string): Promise<SearchView> => call<SearchView>('POST', `${stack.apiUrl}/search`, { collection: 'scifact', query: q, k: 5 });
    const expected = new Map<number, Map<string, string[]>>();
    const remember = async (): Promise<void> => {
      for (const q of queries) {
        const r = await top(q);
        const byQuery = expected.get(r.model.version) ?? new Map<string, string[]>();
        byQuery.set(q, r.results.map((x) => x.object_id));
        expected.set(r.model.version, byQuery);
      }
    };
    await remember();
    expect([...expected.keys()]).toEqual([1]);
    const inExpected = new Set([...(expected.get(1)?.values() ?? [])].flat());
    const toDelete = corpus.find((d) => !inExpected.has(d._id))?._id as string;

    // Bounded load: 4 clients searching in a loop until the reindex ends.
    let stop = false;
    const seen: Array<{ version: number; query: string; ids: string[]; status: number; ms: number }> = [];
    const client = async (c: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const q = queries[(c + i) % queries.length] as string;
        const t0 = performance.now();
        const res = await fetch(`${stack.apiUrl}/search`, { method: 'POST', headers: { ...AUTHORIZATION, 'content-type': 'application/json' }, body: JSON.stringify({ collection: 'scifact', query: q, k: 5 }) });
        const body = (await res.json()) as SearchView;
        seen.push({ version: body.model?.version, query: q, ids: body.results?.map((x) => x.object_id) ?? [], status: res.status, ms: performance.now() - t0 });
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(client));
    // The CLS-pooled variant ranks differently, so each answer shows which version produced it.
    // Its click and general-query checks get full tolerance: this test is about the switch.
    const reindex = await call<JobView>('POST', `${stack.apiUrl}/collections/scifact/reindex`, {
      encoder: 'all-minilm-l6-v2-cls',
      gate: { recall_sample: 50, mrr_tolerance: 1, queries_tolerance: 1, queries: [{ query: 'vitamin D deficiency', expected: expected.get(1)?.get('vitamin D deficiency') ?? [] }] },
    });
    // Writes during the build reach both versions.
    await until('the reindex to copy', async () => (await job('reindexes', reindex.id)).stage === 'copy', 60_000, 200);
    await call('POST', `${stack.apiUrl}/collections/scifact/items`, [{ id: 'added-during-build', title: 'Lorem ipsum', text: 'Zebra quartz lantern harbor' }]);
    await call('DELETE', `${stack.apiUrl}/collections/scifact/items/${encodeURIComponent(toDelete)}`);
    const rebuilt = await waitFor('reindexes', reindex.id, 20 * 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await load;

    expect(rebuilt.result).toMatchObject({ switched: true, version: 2, previous: 'scifact_v1', target: 'scifact_v2' });
    expect(rebuilt.result?.['gate']).toMatchObject({ passed: true, count: { live: corpus.length, candidate: corpus.length } });
    expect(await count('scifact')).toBe(corpus.length);
    const added = await call<{ id: string }>('GET', `${stack.apiUrl}/collections/scifact/items/added-during-build`);
    expect(added.id).toBe('added-during-build');
    await remember();
    expect([...expected.keys()].sort()).toEqual([1, 2]);

    // Every search answered 200 and its results are those of the version it names.
    expect(seen.length).toBeGreaterThan(20);
    expect(seen.filter((s) => s.status !== 200)).toEqual([]);
    const versions = new Set(seen.map((s) => s.version));
    expect([...versions].sort()).toEqual([1, 2]);
    const mismatched = seen.filter((s) => JSON.stringify(expected.get(s.version)?.get(s.query)) !== JSON.stringify(s.ids));
    expect(mismatched).toEqual([]);

    const ms = seen.map((s) => s.ms).sort((a, b) => a - b);
    const pct = (p: number): number => Math.round((ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0) * 10) / 10;
    const figures = {
      import: importFigures,
      reindex: { seconds: (Date.parse(rebuilt.finished_at ?? '') - Date.parse(rebuilt.created_at)) / 1000, embed_s: rebuilt.progress.embed_ms / 1000, index_s: rebuilt.progress.index_ms / 1000 },
      search_during_reindex: { requests: seen.length, clients: 4, p50_ms: pct(0.5), p99_ms: pct(0.99), max_ms: pct(1) },
    };
    console.log(`INDEXING_FIGURES ${JSON.stringify(figures)}`);
    worker.child.kill('SIGTERM');
    await worker.exited;
  });
});
