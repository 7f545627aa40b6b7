// The search benchmark: SciFact + sentence windows (100k items) embedded with the project's ONNX
// MiniLM encoder (cached on disk), indexed with the LanceDB adapter users run, then queried one at a
// time in one process with query encoding included; ANN recall@10 against exact search.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddingModel } from '@embedding-studio/model-runtime';
import { createMemoryAliasRegistry } from '@embedding-studio/vector-index';
import { createLanceDbVectorIndex, type LanceDbSearchTuning } from '@embedding-studio/vector-index-lancedb';
import type { LoadedDataset } from '../dataset/load.js';
import { cacheFolder } from '../embeddings/cache.js';
import { embedWithCache } from '../embeddings/embed.js';
import { scoreAll, topK } from '../vectors/exact-search.js';
import { createVectorTable } from '../vectors/vector-table.js';
import { buildSearchBenchItems, percentile } from './items.js';

export interface SearchBenchOptions {
  dataset: LoadedDataset;
  model: EmbeddingModel;
  items: number;
  queries: number;
  /** Embedding cache root; undefined = embed every run. */
  cacheRoot?: string;
  /** Where the Lance tables go; undefined = a temp folder removed afterwards. */
  dataDir?: string;
  /** ANN settings to measure, one result row each. */
  tunings: Array<{ name: string } & LanceDbSearchTuning>;
  log: (line: string) => void;
}

export interface SearchBenchRow {
  setting: string;
  nprobes: number;
  ef: number;
  refineFactor: number;
  recallAt10: number;
  p50Ms: number;
  p99Ms: number;
  searchP50Ms: number;
  searchP99Ms: number;
}

export interface SearchBenchResult {
  items: number;
  dimensions: number;
  queries: number;
  itemsFrom: string;
  /** Embedding of all items, extrapolated from the chunks whose time was measured. */
  embedding: { seconds: number; itemsPerSecond: number; cached: boolean };
  indexing: { ingestSeconds: number; annBuildSeconds: number; itemsPerSecond: number };
  endToEndItemsPerSecond: number;
  queryEncodingP50Ms: number;
  rows: SearchBenchRow[];
  machine: { cpus: number; loadavgStart: number[]; loadavgEnd: number[]; node: string };
}

const SLOT = 'minilm';
const UPSERT_BATCH = 2000;
const WARMUP = 20;
const EMBED_CHUNK = 5000;

const concat = (arrays: Float32Array[]): Float32Array => {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
};

/** Runs the benchmark and returns its figures (the caller prints and writes them). */
export async function runSearchBench(options: SearchBenchOptions): Promise<SearchBenchResult> {
  const { dataset, model, log } = options;
  const loadavgStart = loadavg();
  const items = buildSearchBenchItems(dataset.corpus, options.items);
  const docs = items.filter((i) => i.kind === 'doc').length;
  log(`items: ${items.length} (${docs} documents + ${items.length - docs} sentence windows)`);

  // Documents share the cache of `npm run bench` (same ids, texts and name); windows are embedded
  // in chunks, each cached as soon as it is done, so an interrupted run resumes where it stopped.
  const parts: Array<{ ids: string[]; data: Float32Array; seconds: number; cached: boolean }> = [];
  const docItems = items.filter((i) => i.kind === 'doc');
  const windowItems = items.filter((i) => i.kind === 'window');
  const chunks: Array<{ name: string; ids: string[]; texts: string[] }> = [
    // The whole corpus under `npm run bench`'s cache name; a prefix under its own.
    { name: docItems.length === dataset.corpus.length ? 'corpus' : `search-docs-${docItems.length}`, ids: docItems.map((i) => i.docId), texts: docItems.map((i) => i.text) },
  ];
  for (let start = 0; start < windowItems.length; start += EMBED_CHUNK) {
    // Within a chunk, similar lengths batch together (less padding); ids travel with their texts.
    const chunk = windowItems.slice(start, start + EMBED_CHUNK).sort((a, b) => a.text.length - b.text.length || (a.id < b.id ? -1 : 1));
    chunks.push({ name: `search-windows-${start / EMBED_CHUNK}`, ids: chunk.map((i) => i.id), texts: chunk.map((i) => i.text) });
  }
  const timingFile = (name: string): string | undefined =>
    options.cacheRoot ? join(cacheFolder(options.cacheRoot, model.version, dataset.corpusSha), `${name}.timing.json`) : undefined;
  for (const chunk of chunks) {
    const r = await embedWithCache({
      model,
      side: 'items',
      ids: chunk.ids,
      texts: chunk.texts,
      ...(options.cacheRoot ? { cacheRoot: options.cacheRoot } : {}),
      corpusSha: dataset.corpusSha,
      name: chunk.name,
      batchSize: 128,
      progress: process.stderr,
    });
    // A cached chunk counts the time measured when it was embedded (when that was recorded).
    const file = timingFile(chunk.name);
    let seconds = r.seconds;
    if (file && !r.cached) writeFileSync(file, JSON.stringify({ seconds, items: chunk.ids.length, measuredAt: new Date().toISOString(), loadavg: loadavg() }));
    else if (file && existsSync(file)) seconds = (JSON.parse(readFileSync(file, 'utf8')) as { seconds: number }).seconds;
    else if (r.cached) seconds = Number.NaN;
    parts.push({ ids: chunk === chunks[0] ? docItems.map((i) => i.id) : chunk.ids, data: r.table.data, seconds, cached: r.cached });
    log(`embedded ${chunk.name}: ${chunk.ids.length} items, ${Number.isNaN(seconds) ? 'cached elsewhere' : `${seconds.toFixed(1)} s`}${r.cached ? ' (cache)' : ''}`);
  }
  const known = parts.filter((p) => !Number.isNaN(p.seconds));
  const embedSeconds = known.reduce((a, p) => a + p.seconds, 0);
  const embedItems = known.reduce((a, p) => a + p.ids.length, 0);
  const embedding: SearchBenchResult['embedding'] = {
    seconds: (embedSeconds / Math.max(1, embedItems)) * items.length,
    itemsPerSecond: embedItems / embedSeconds,
    cached: parts.some((p) => p.cached),
  };
  log(`embedding: ${embedding.itemsPerSecond.toFixed(1)} items/s (measured on ${embedItems} items)`);
  const dims = model.dimension;
  const table = createVectorTable(parts.flatMap((p) => p.ids), concat(parts.map((p) => p.data)), dims);
  const byId = new Map(items.map((i) => [i.id, i]));
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'es-search-bench-'));
  mkdirSync(dataDir, { recursive: true });
  const aliases = createMemoryAliasRegistry();
  const collection = `bench_${items.length}`;
  const writer = await createLanceDbVectorIndex({ uri: dataDir, aliases, annThreshold: Number.MAX_SAFE_INTEGER });
  let ingestSeconds = 0;
  let annBuildSeconds = 0;
  try {
    await writer.dropCollection(collection);
    await writer.ensureCollection({ name: collection, vectors: { [SLOT]: { dims, metric: 'cosine' } }, payload: { doc_id: 'keyword', kind: 'keyword' } });
    const t0 = performance.now();
    for (let start = 0; start < items.length; start += UPSERT_BATCH) {
      const batch = table.ids.slice(start, start + UPSERT_BATCH).map((id, j) => {
        const item = byId.get(id)!;
        return { id, vectors: { [SLOT]: table.data.subarray((start + j) * dims, (start + j + 1) * dims) }, payload: { doc_id: item.docId, kind: item.kind } };
      });
      await writer.upsert(collection, batch);
    }
    ingestSeconds = (performance.now() - t0) / 1000;
    log(`ingest: ${ingestSeconds.toFixed(1)} s`);
    const t1 = performance.now();
    await writer.optimize(collection);
    annBuildSeconds = (performance.now() - t1) / 1000;
    log(`ANN index (IVF_HNSW_SQ) build: ${annBuildSeconds.toFixed(1)} s`);
  } finally {
    await writer.close();
  }

  const queries = dataset.queries.slice(0, options.queries);
  // Exact ground truth from the same query vectors the timed runs compute.
  const queryVectors = (await model.embedQueries(queries.map((q) => q.text))).data;
  const truth = queries.map((_, i) => {
    const q = queryVectors.subarray(i * dims, (i + 1) * dims);
    return new Set(topK(scoreAll(q, table), table.ids, 10).map((h) => h.id));
  });

  const encodeMs: number[] = [];
  const rows: SearchBenchRow[] = [];
  for (const tuning of options.tunings) {
    const index = await createLanceDbVectorIndex({ uri: dataDir, aliases, tuning: { balanced: tuning } });
    try {
      const total: number[] = [];
      const searchOnly: number[] = [];
      let found = 0;
      for (let i = -WARMUP; i < queries.length; i++) {
        const query = queries[((i % queries.length) + queries.length) % queries.length]!;
        const t0 = performance.now();
        const vector = (await model.embedQueries([query.text])).data;
        const t1 = performance.now();
        const hits = await index.search({ target: collection, slot: SLOT, vector, k: 10, withPayload: false });
        const t2 = performance.now();
        if (i < 0) continue;
        total.push(t2 - t0);
        searchOnly.push(t2 - t1);
        if (rows.length === 0) encodeMs.push(t1 - t0);
        const expected = truth[i]!;
        found += hits.filter((h) => expected.has(h.id)).length;
      }
      const row: SearchBenchRow = {
        setting: tuning.name,
        nprobes: tuning.nprobes,
        ef: tuning.ef,
        refineFactor: tuning.refineFactor,
        recallAt10: found / (10 * queries.length),
        p50Ms: percentile(total, 50),
        p99Ms: percentile(total, 99),
        searchP50Ms: percentile(searchOnly, 50),
        searchP99Ms: percentile(searchOnly, 99),
      };
      rows.push(row);
      log(`${row.setting}: recall@10 ${row.recallAt10.toFixed(3)}, p50 ${row.p50Ms.toFixed(1)} ms, p99 ${row.p99Ms.toFixed(1)} ms (search alone ${row.searchP50Ms.toFixed(1)} / ${row.searchP99Ms.toFixed(1)} ms)`);
    } finally {
      await index.close();
    }
  }
  if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });

  const indexSeconds = ingestSeconds + annBuildSeconds;
  return {
    items: items.length,
    dimensions: dims,
    queries: queries.length,
    itemsFrom: `${docs} SciFact documents (title + abstract) + ${items.length - docs} sentence windows of their abstracts (1, 2, then 3 sentences)`,
    embedding,
    indexing: { ingestSeconds, annBuildSeconds, itemsPerSecond: items.length / indexSeconds },
    endToEndItemsPerSecond: items.length / (embedding.seconds + indexSeconds),
    queryEncodingP50Ms: percentile(encodeMs, 50),
    rows,
    machine: { cpus: cpus().length, loadavgStart, loadavgEnd: loadavg(), node: process.version },
  };
}

/** The result as a Markdown table (what the command prints). */
export function renderSearchBench(result: SearchBenchResult): string {
  const f = (x: number, d = 1): string => x.toFixed(d);
  const lines = [
    `items ${result.items} × ${result.dimensions} dims; ${result.queries} SciFact queries, k = 10, one process, query encoding included`,
    `items: ${result.itemsFrom}`,
    '',
    '| stage | seconds | items/s |',
    '|---|---|---|',
    `| embedding (ONNX MiniLM${result.embedding.cached ? ', measured when cached' : ''}) | ${f(result.embedding.seconds)} | ${f(result.embedding.itemsPerSecond, 0)} |`,
    `| ingest (LanceDB upsert) | ${f(result.indexing.ingestSeconds)} | ${f(result.items / result.indexing.ingestSeconds, 0)} |`,
    `| ANN build (IVF_HNSW_SQ) | ${f(result.indexing.annBuildSeconds)} | |`,
    `| JSONL → searchable | ${f(result.embedding.seconds + result.indexing.ingestSeconds + result.indexing.annBuildSeconds)} | ${f(result.endToEndItemsPerSecond, 0)} |`,
    '',
    `query encoding alone: p50 ${f(result.queryEncodingP50Ms)} ms`,
    '',
    '| setting | nprobes | ef | refine | recall@10 | p50 ms | p99 ms | search p50 | search p99 |',
    '|---|---|---|---|---|---|---|---|---|',
    ...result.rows.map((r) => `| ${r.setting} | ${r.nprobes} | ${r.ef} | ${r.refineFactor} | ${f(r.recallAt10, 3)} | ${f(r.p50Ms)} | ${f(r.p99Ms)} | ${f(r.searchP50Ms)} | ${f(r.searchP99Ms)} |`),
    '',
    `machine: ${result.machine.cpus} CPUs, Node ${result.machine.node}, load average ${result.machine.loadavgStart.map((x) => f(x, 2)).join(' ')} at start, ${result.machine.loadavgEnd.map((x) => f(x, 2)).join(' ')} at end`,
  ];
  return lines.join('\n');
}
