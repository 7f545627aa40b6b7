import type { IndexDoc, VectorIndex } from '@embedding-studio/vector-index';
import type { FieldIssue } from '@embedding-studio/errors';
import { IndexingGateFailedError, IndexingLiveChangedError, IndexingReindexRefusedError, IndexingValidationError } from '../errors.js';
import type { IndexingJob, ReindexGateSpec, ReindexSpec, UnitProgress } from './model.js';
import { DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE } from './parse.js';
import type { Clock, JsonObject } from '@embedding-studio/primitives';
import type { EmbeddedBatch, ProgressStore } from './ports.js';
import type { BuildRegistry, ClickedQueries, LiveProfile, ReindexCatalog, ReindexEncoders } from './reindex-ports.js';
import type { IndexingRunContext } from './runner.js';

export const DEFAULT_GATE: Readonly<ReindexGateSpec> = {
  recall_sample: 200,
  min_recall: 0.95,
  clicks_sample: 200,
  mrr_tolerance: 0.02,
  queries: [],
  queries_tolerance: 0,
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Validates `POST /collections/{name}/reindex`: `{encoder, batch_size?, gate?: {recall_sample?,
 * min_recall?, clicks_sample?, mrr_tolerance?, queries?: [{query, expected: [ids]}],
 * queries_tolerance?}}`. `encoders` are the names the deployment can load.
 */
export function parseReindexRequest(body: unknown, encoders: readonly string[]): ReindexSpec {
  if (!isObject(body)) throw new IndexingValidationError([{ field: '(body)', message: 'must be a JSON object like {"encoder": "all-minilm-l6-v2"}' }]);
  const issues: FieldIssue[] = [];
  for (const k of Object.keys(body)) if (!['encoder', 'batch_size', 'gate'].includes(k)) issues.push({ field: k, message: 'is not a field of a reindex; allowed: encoder, batch_size, gate' });
  const encoder = body['encoder'];
  if (typeof encoder !== 'string' || !encoders.includes(encoder)) {
    issues.push({ field: 'encoder', message: `must name an encoder of this deployment: ${encoders.map((e) => JSON.stringify(e)).join(', ')}` });
  }
  const num = (obj: Record<string, unknown>, field: string, prefix: string, min: number, max: number, int: boolean, fallback: number): number => {
    const v = obj[field];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (int && !Number.isInteger(v))) {
      issues.push({ field: `${prefix}${field}`, message: `must be ${int ? 'an integer' : 'a number'} from ${min} to ${max}` });
      return fallback;
    }
    return v;
  };
  const batchSize = num(body, 'batch_size', '', 1, MAX_BATCH_SIZE, true, DEFAULT_BATCH_SIZE);
  const g = body['gate'] ?? {};
  const gate: ReindexGateSpec = { ...DEFAULT_GATE, queries: [] };
  if (!isObject(g)) issues.push({ field: 'gate', message: 'must be an object' });
  else {
    const known = ['recall_sample', 'min_recall', 'clicks_sample', 'mrr_tolerance', 'queries', 'queries_tolerance'];
    for (const k of Object.keys(g)) if (!known.includes(k)) issues.push({ field: `gate.${k}`, message: `is not a gate setting; allowed: ${known.join(', ')}` });
    gate.recall_sample = num(g, 'recall_sample', 'gate.', 1, 10_000, true, DEFAULT_GATE.recall_sample);
    gate.min_recall = num(g, 'min_recall', 'gate.', 0, 1, false, DEFAULT_GATE.min_recall);
    gate.clicks_sample = num(g, 'clicks_sample', 'gate.', 0, 10_000, true, DEFAULT_GATE.clicks_sample);
    gate.mrr_tolerance = num(g, 'mrr_tolerance', 'gate.', 0, 1, false, DEFAULT_GATE.mrr_tolerance);
    gate.queries_tolerance = num(g, 'queries_tolerance', 'gate.', 0, 1, false, DEFAULT_GATE.queries_tolerance);
    const q = g['queries'];
    if (q !== undefined) {
      if (!Array.isArray(q) || q.length > 1000) issues.push({ field: 'gate.queries', message: 'must be an array of at most 1000 {query, expected: [item ids]}' });
      else
        q.forEach((e, i) => {
          const ok = isObject(e) && typeof e['query'] === 'string' && e['query'].trim() !== '' && Array.isArray(e['expected']) && e['expected'].length > 0 && e['expected'].every((x) => typeof x === 'string');
          if (!ok) issues.push({ field: `gate.queries.${i}`, message: 'must be {"query": "<text>", "expected": ["<item id>", …]} with at least one id' });
          else gate.queries.push({ query: e['query'] as string, expected: e['expected'] as string[] });
        });
    }
  }
  if (issues.length > 0) throw new IndexingValidationError(issues);
  return { encoder: encoder as string, batch_size: batchSize, gate };
}

export interface ReindexDeps {
  index: VectorIndex;
  catalog: ReindexCatalog;
  encoders: ReindexEncoders;
  builds: BuildRegistry;
  progress: ProgressStore;
  clicks?: ClickedQueries;
  clock: Clock;
  /**
   * How long after recording the build the copy waits, so every process that writes items has
   * seen it and dual-writes (their build cache period plus a margin). @defaultValue 3000
   */
  settleMs?: number;
  /** @defaultValue setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

/** What a reindex keeps on its job between stages (and across restarts). */
interface ReindexState {
  live_version: number;
  source: string;
  target: string;
  encoder: string;
  slot: string;
  /** Source pages copied (the scan order is stable, so a resumed copy skips them). */
  pages_done: number;
  copied: number;
  reconciled?: { embedded: number; deleted: number };
  gate?: GateResult;
  version?: number;
}

export interface GateResult {
  passed: boolean;
  failed: string[];
  count: { live: number; candidate: number; passed: boolean };
  recall_at_10: { value: number; min: number; sample: number; passed: boolean };
  held_out_clicks: { mrr_live: number; mrr_candidate: number; tolerance: number; sessions: number; passed: boolean };
  general_queries: { live: number; candidate: number; tolerance: number; queries: number; passed: boolean };
}

const rows = (m: EmbeddedBatch): Float32Array[] => Array.from({ length: m.count }, (_, i) => m.data.slice(i * m.dimension, (i + 1) * m.dimension));
const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** A deterministic sample of at most `n` ids (reservoir sampling seeded from `seed`). */
function reservoir(seed: string): { offer(id: string): void; ids(): string[]; n: number } {
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const rand = (): number => {
    h = (h + 0x6d2b79f5) >>> 0;
    let t = h;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const kept: string[] = [];
  let seen = 0;
  const r = {
    n: 0,
    offer(id: string) {
      seen += 1;
      if (kept.length < r.n) kept.push(id);
      else {
        const j = Math.floor(rand() * seen);
        if (j < r.n) kept[j] = id;
      }
    },
    ids: () => [...kept],
  };
  return r;
}

/**
 * Runs a blue/green reindex of one collection as a resumable job:
 * 1. prepare: the next physical version `<name>_v<n+1>` with the new encoder's dimension; the
 *    build is recorded so every item write (API upserts and deletes, imports) also goes to it;
 *    the copy starts once writers have had `settleMs` to notice;
 * 2. copy: every item of the live version is re-embedded with the new encoder, page by page,
 *    with progress and a checkpoint per page;
 * 3. reconcile: items the copy wrote stale (changed or deleted while it ran) are fixed by
 *    comparing both versions;
 * 4. gate: count parity, ANN recall@10 against exact search on a sample, MRR of clicked items on
 *    logged sessions (new ≥ live − tolerance), hit rate on the fixed general queries;
 * 5. switch: the next profile version (compare-and-set) and the alias `<name>`; the old version
 *    stays for rollback. A failed gate drops the candidate and leaves the live version untouched.
 */
export async function runReindex(job: IndexingJob, ctx: IndexingRunContext, deps: ReindexDeps): Promise<Record<string, unknown>> {
  const spec = job.reindex;
  if (!spec) throw new Error(`job ${job.id} has no reindex spec`);
  const { index, catalog, encoders, builds, clock } = deps;
  const name = job.collection;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const textOf = await catalog.textOf(name);
  let state = job.state as ReindexState | undefined;
  let stage = job.stage ?? 'prepare';
  // The state of the stage being run; `save` makes it the job's checkpoint.
  let s = state ?? ({} as ReindexState);
  const save = async (nextStage: string, next: ReindexState): Promise<void> => {
    state = next;
    s = next;
    stage = nextStage;
    await ctx.heartbeat({ stage, state: next as unknown as Record<string, unknown> });
  };
  const embedDocs = async (docs: readonly IndexDoc[], s: ReindexState): Promise<IndexDoc[]> => {
    if (docs.length === 0) return [];
    const m = await encoders.embedItems(s.encoder, docs.map((d) => textOf(d.payload)));
    const vs = rows(m);
    return docs.map((d, i) => ({ id: d.id, vectors: { [s.slot]: vs[i] as Float32Array }, payload: d.payload }));
  };

  if (stage === 'prepare' || !state) {
    const live = await catalog.active(name);
    if (live.encoder === spec.encoder && !live.adapter) {
      throw new IndexingReindexRefusedError('encoder', `${JSON.stringify(spec.encoder)} already serves ${name}; name another encoder`);
    }
    const taken = (await index.listCollections())
      .map((c) => new RegExp(`^${name}_v(\\d+)$`).exec(c)?.[1])
      .filter((x): x is string => x !== undefined)
      .map(Number);
    const n = Math.max(0, ...taken) + 1;
    const dims = await encoders.dimension(spec.encoder);
    const physical = await catalog.physicalSpec(name, n, dims);
    await index.ensureCollection(physical);
    const slot = Object.keys(physical.vectors)[0] ?? live.slot;
    const next: ReindexState = { live_version: live.version, source: live.target, target: physical.name, encoder: spec.encoder, slot, pages_done: 0, copied: 0 };
    await builds.put({ collection: name, job_id: job.id, source: live.target, target: physical.name, encoder: spec.encoder, slot, started_at: new Date(clock.now()) });
    await sleep(deps.settleMs ?? 3000);
    await save('copy', next);
  }
  if (stage === 'copy') {
    const total = await index.count(s.source);
    // The live version is the one unit of a reindex: progress counts its items.
    await ctx.heartbeat({ units: [{ key: s.source, size: total }] });
    const now = new Date(clock.now());
    const before = (await deps.progress.list(job.id))[0];
    let p: UnitProgress = {
      job_id: job.id,
      index: 0,
      unit: s.source,
      size: total,
      offset: s.copied,
      line: s.pages_done,
      done: false,
      read: s.copied,
      embedded: s.copied,
      indexed: s.copied,
      rejected: 0,
      rejects: [],
      embed_ms: before?.embed_ms ?? 0,
      index_ms: before?.index_ms ?? 0,
      resumed_at: now,
      resumed_indexed: s.copied,
      resumed_offset: s.copied,
      updated_at: now,
    };
    await deps.progress.put(p);
    let page = 0;
    for await (const docs of index.scan(s.source, { batchSize: spec.batch_size, withVectors: false })) {
      ctx.signal.throwIfAborted();
      page += 1;
      if (page <= s.pages_done) continue;
      p = { ...p, read: p.read + docs.length, updated_at: new Date(clock.now()) };
      const t0 = performance.now();
      const embedded = await embedDocs(docs, s);
      const t1 = performance.now();
      await index.upsert(s.target, embedded);
      const t2 = performance.now();
      const next = { ...s, pages_done: page, copied: s.copied + docs.length };
      p = { ...p, embedded: p.embedded + docs.length, indexed: next.copied, offset: next.copied, line: page, embed_ms: p.embed_ms + (t1 - t0), index_ms: p.index_ms + (t2 - t1), updated_at: new Date(clock.now()) };
      await deps.progress.put(p);
      await save('copy', next);
    }
    await deps.progress.put({ ...p, done: true, size: Math.max(total, s.copied), updated_at: new Date(clock.now()) });
    await save('reconcile', s);
  }

  if (stage === 'reconcile') {
    let embeddedCount = 0;
    let deleted = 0;
    // Items changed or added in the live version after the copy passed them.
    for await (const docs of index.scan(s.source, { batchSize: spec.batch_size, withVectors: false })) {
      ctx.signal.throwIfAborted();
      const there = new Map((await index.get(s.target, docs.map((d) => d.id), { withVectors: false })).map((d) => [d.id, d]));
      const stale = docs.filter((d) => JSON.stringify(there.get(d.id)?.payload ?? null) !== JSON.stringify(d.payload));
      if (stale.length > 0) await index.upsert(s.target, await embedDocs(stale, s));
      embeddedCount += stale.length;
    }
    // Items the copy wrote after they were deleted from the live version.
    for await (const docs of index.scan(s.target, { batchSize: spec.batch_size, withVectors: false })) {
      ctx.signal.throwIfAborted();
      const live = new Set((await index.get(s.source, docs.map((d) => d.id), { withVectors: false })).map((d) => d.id));
      const gone = docs.map((d) => d.id).filter((id) => !live.has(id));
      if (gone.length > 0) deleted += await index.delete(s.target, { ids: gone });
    }
    await index.optimize?.(s.target);
    await save('gate', { ...s, reconciled: { embedded: embeddedCount, deleted } });
  }

  if (stage === 'gate') {
    const live = await catalog.active(name);
    if (live.target !== s.source) {
      await builds.clear(name, job.id);
      throw new IndexingLiveChangedError(name, s.source, live.target);
    }
    const gate = await runGate(name, s, live, spec.gate, job.id, deps);
    await save(gate.passed ? 'switch' : 'gate-failed', { ...s, gate });
    if (!gate.passed) {
      await builds.clear(name, job.id);
      await index.dropCollection(s.target).catch(() => undefined);
      throw new IndexingGateFailedError(name, gate.failed, gate as unknown as Record<string, unknown>);
    }
  }

  if (stage === 'switch') {
    let version = s.version;
    for (let tries = 0; version === undefined && tries < 16; tries++) {
      const live = await catalog.active(name);
      if (live.target === s.target) version = live.version;
      else if (live.target !== s.source) {
        await builds.clear(name, job.id);
        throw new IndexingLiveChangedError(name, s.source, live.target);
      } else {
        const switched = await catalog.switchTo(name, { expectVersion: live.version, encoder: s.encoder, target: s.target, slot: s.slot, jobId: job.id, gate: (s.gate ?? {}) as unknown as JsonObject });
        if (switched) version = switched.version;
      }
    }
    if (version === undefined) throw new IndexingLiveChangedError(name, s.source, 'a version that kept changing');
    const aliased = await index.aliases.resolve(name);
    if (aliased !== s.target) await index.aliases.switch({ alias: name, to: s.target, expect: aliased ?? null }).catch(() => undefined);
    // Writers that still hold the old profile (their profile cache) keep mirroring into the new
    // version until they have seen the switch.
    await sleep(deps.settleMs ?? 3000);
    await builds.clear(name, job.id);
    await save('done', { ...s, version });
    return { switched: true, version, target: s.target, previous: s.source, encoder: s.encoder, copied: s.copied, reconciled: s.reconciled ?? null, gate: s.gate ?? null };
  }
  throw new Error(`reindex job ${job.id} is in unknown stage ${stage}`);
}

async function topIds(index: VectorIndex, target: string, slot: string, vector: Float32Array, accuracy: 'balanced' | 'exact'): Promise<string[]> {
  return (await index.search({ target, slot, vector, k: 10, accuracy, withPayload: false })).map((h) => h.id);
}

async function runGate(name: string, s: ReindexState, live: LiveProfile, gate: ReindexGateSpec, seed: string, deps: ReindexDeps): Promise<GateResult> {
  const { index, encoders } = deps;
  const failed: string[] = [];

  const liveCount = await index.count(s.source);
  const candidateCount = await index.count(s.target);
  const count = { live: liveCount, candidate: candidateCount, passed: liveCount === candidateCount };
  if (!count.passed) failed.push(`count ${candidateCount} ≠ live ${liveCount}`);

  // ANN recall@10 against exact search, with sampled items' own vectors as queries.
  const sample = reservoir(seed);
  sample.n = gate.recall_sample;
  for await (const docs of index.scan(s.target, { batchSize: 500, withVectors: false })) for (const d of docs) sample.offer(d.id);
  const recalls: number[] = [];
  const ids = sample.ids();
  for (let i = 0; i < ids.length; i += 100) {
    for (const doc of await index.get(s.target, ids.slice(i, i + 100), { withVectors: true })) {
      const vector = doc.vectors[s.slot];
      if (!vector) continue;
      const exact = await topIds(index, s.target, s.slot, vector, 'exact');
      const ann = new Set(await topIds(index, s.target, s.slot, vector, 'balanced'));
      recalls.push(exact.length === 0 ? 1 : exact.filter((id) => ann.has(id)).length / exact.length);
    }
  }
  const recall = { value: mean(recalls), min: gate.min_recall, sample: recalls.length, passed: recalls.length === 0 || mean(recalls) >= gate.min_recall };
  if (!recall.passed) failed.push(`recall@10 ${recall.value.toFixed(3)} < ${gate.min_recall}`);

  // Held-out clicks: reciprocal rank of the first clicked item, live profile vs candidate.
  const sessions = deps.clicks && gate.clicks_sample > 0 ? (await deps.clicks.sample(name, gate.clicks_sample)).filter((q) => q.clicked.length > 0) : [];
  const rr = async (profile: Pick<LiveProfile, 'encoder' | 'adapter'>, target: string, slot: string, queries: string[], hit: (top: string[], i: number) => number): Promise<number> => {
    if (queries.length === 0) return 0;
    const vectors = rows(await encoders.embedQueries(profile, queries));
    const scores: number[] = [];
    for (let i = 0; i < vectors.length; i++) scores.push(hit(await topIds(index, target, slot, vectors[i] as Float32Array, 'balanced'), i));
    return mean(scores);
  };
  const firstClick = (top: string[], i: number): number => {
    const clicked = new Set(sessions[i]?.clicked ?? []);
    const at = top.findIndex((id) => clicked.has(id));
    return at === -1 ? 0 : 1 / (at + 1);
  };
  const clickQueries = sessions.map((q) => q.query);
  const mrrLive = await rr(live, s.source, live.slot, clickQueries, firstClick);
  const mrrCandidate = await rr({ encoder: s.encoder }, s.target, s.slot, clickQueries, firstClick);
  const clicks = { mrr_live: mrrLive, mrr_candidate: mrrCandidate, tolerance: gate.mrr_tolerance, sessions: sessions.length, passed: mrrCandidate >= mrrLive - gate.mrr_tolerance };
  if (!clicks.passed) failed.push(`held-out click MRR ${mrrCandidate.toFixed(3)} < live ${mrrLive.toFixed(3)} − ${gate.mrr_tolerance}`);

  // Fixed general queries: share of expected items in the top 10.
  const hitRate = (top: string[], i: number): number => {
    const expected = gate.queries[i]?.expected ?? [];
    return expected.filter((id) => top.includes(id)).length / Math.min(10, expected.length);
  };
  const texts = gate.queries.map((q) => q.query);
  const generalLive = await rr(live, s.source, live.slot, texts, hitRate);
  const generalCandidate = await rr({ encoder: s.encoder }, s.target, s.slot, texts, hitRate);
  const general = { live: generalLive, candidate: generalCandidate, tolerance: gate.queries_tolerance, queries: texts.length, passed: generalCandidate >= generalLive - gate.queries_tolerance };
  if (!general.passed) failed.push(`general queries hit rate ${generalCandidate.toFixed(3)} < live ${generalLive.toFixed(3)} − ${gate.queries_tolerance}`);

  return { passed: failed.length === 0, failed, count, recall_at_10: recall, held_out_clicks: clicks, general_queries: general };
}
