import { isAppError, ValidationError } from '@embedding-studio/errors';
import { splitLines } from './lines.js';
import { MAX_REJECTS_KEPT, type PlannedUnit, type RejectedLine, type UnitProgress } from './model.js';
import { parseItemLine } from './parse.js';
import type { Clock } from '@embedding-studio/primitives';
import type { ImportedItem, ImportTarget, JsonlSource, ProgressStore } from './ports.js';

export interface RunImportOptions {
  jobId: string;
  units: readonly PlannedUnit[];
  source: JsonlSource;
  target: ImportTarget;
  progress: ProgressStore;
  idField: string;
  batchSize: number;
  /** Units read at once. @defaultValue 4 */
  readConcurrency?: number;
  signal: AbortSignal;
  clock: Clock;
  /** Called after every checkpoint (the worker renews its lease here). */
  onCheckpoint?: () => Promise<void>;
}

export interface ImportSummary {
  units: number;
  read: number;
  indexed: number;
  rejected: number;
  embed_ms: number;
  index_ms: number;
}

interface Pending {
  item: ImportedItem;
  text: string;
}

function freshProgress(jobId: string, index: number, unit: PlannedUnit, now: Date): UnitProgress {
  return {
    job_id: jobId,
    index,
    unit: unit.key,
    size: unit.size,
    offset: 0,
    line: 0,
    done: false,
    read: 0,
    embedded: 0,
    indexed: 0,
    rejected: 0,
    rejects: [],
    embed_ms: 0,
    index_ms: 0,
    resumed_at: now,
    resumed_indexed: 0,
    resumed_offset: 0,
    updated_at: now,
  };
}

/** Runs `work` on every element with at most `limit` running at once; the first failure stops the rest and is thrown. */
export async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let first: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (!first && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        first ??= { error };
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (first) throw first.error;
}

/**
 * Imports every unit of a source into a collection: reads lines from each unit's checkpoint,
 * validates them (a bad line is recorded with its unit, line number and field, never dropped
 * silently), embeds items in batches, upserts each batch, then moves the checkpoint past it.
 * A run that dies anywhere resumes from the last checkpoint; the items of the batch in flight are
 * upserted again, which upserts by id make harmless, so the result is exactly the source's items.
 * Within one batch a repeated id keeps its last line.
 */
export async function runImport(options: RunImportOptions): Promise<ImportSummary> {
  const { jobId, source, target, progress, clock } = options;
  // A unit that fails stops the others at their next line instead of at their next unit.
  const failed = new AbortController();
  const signal = AbortSignal.any([options.signal, failed.signal]);
  const stored = new Map((await progress.list(jobId)).map((p) => [p.index, p]));

  const importUnit = async (index: number): Promise<void> => {
    const unit = options.units[index] as PlannedUnit;
    const now = new Date(clock.now());
    const before = stored.get(index);
    if (before?.done) return;
    // Counters that ran ahead of the checkpoint are taken back to it: those lines are read again.
    let p: UnitProgress = before
      ? { ...before, read: before.indexed + before.rejected, embedded: before.indexed, resumed_at: now, resumed_indexed: before.indexed, resumed_offset: before.offset, updated_at: now }
      : freshProgress(jobId, index, unit, now);
    await progress.put(p);

    let batch: Pending[] = [];
    let rejects: RejectedLine[] = [];
    let end = { offset: p.offset, line: p.line };

    const checkpoint = async (done: boolean): Promise<void> => {
      let embedMs = 0;
      let indexMs = 0;
      if (batch.length > 0) {
        // Last line wins for an id repeated inside the batch (as it does across batches).
        const byId = new Map<string, Pending>();
        for (const b of batch) {
          byId.delete(b.item.id);
          byId.set(b.item.id, b);
        }
        const items = [...byId.values()];
        const t0 = performance.now();
        const vectors = await target.encoder.embedItems(items.map((b) => b.text));
        embedMs = performance.now() - t0;
        signal.throwIfAborted();
        p = { ...p, embedded: p.embedded + batch.length, embed_ms: p.embed_ms + embedMs, updated_at: new Date(clock.now()) };
        await progress.put(p);
        const t1 = performance.now();
        await target.upsert(
          items.map((b) => b.item),
          vectors,
        );
        indexMs = performance.now() - t1;
      }
      const kept = [...p.rejects, ...rejects].slice(0, MAX_REJECTS_KEPT);
      p = {
        ...p,
        indexed: p.indexed + batch.length,
        rejected: p.rejected + rejects.length,
        rejects: kept,
        index_ms: p.index_ms + indexMs,
        offset: end.offset,
        line: end.line,
        done,
        updated_at: new Date(clock.now()),
      };
      await progress.put(p);
      batch = [];
      rejects = [];
      await options.onCheckpoint?.();
    };

    for await (const line of splitLines(source.open(unit.key, p.offset, signal), p.offset, p.line)) {
      signal.throwIfAborted();
      end = { offset: line.end, line: line.number };
      if (line.text.trim() === '') continue;
      p.read += 1;
      const parsed = parseItemLine(line.text, options.idField);
      if (!parsed.ok) {
        rejects.push({ unit: unit.key, line: line.number, field: parsed.field, message: parsed.message });
        continue;
      }
      try {
        batch.push({ item: parsed.item, text: target.textOf(parsed.item) });
      } catch (error) {
        if (!(error instanceof ValidationError) && !(isAppError(error) && error.category === 'validation')) throw error;
        const issues = (error as ValidationError).issues ?? [];
        const first = issues[0];
        rejects.push({ unit: unit.key, line: line.number, field: first?.field ?? '(item)', message: first?.message ?? error.message });
      }
      if (batch.length >= options.batchSize) await checkpoint(false);
    }
    await checkpoint(true);
  };

  await forEachBounded(
    options.units.map((_, i) => i),
    options.readConcurrency ?? 4,
    async (i) => {
      try {
        await importUnit(i);
      } catch (error) {
        failed.abort(error);
        throw error;
      }
    },
  );

  const all = await progress.list(jobId);
  return {
    units: all.length,
    read: all.reduce((s, p) => s + p.read, 0),
    indexed: all.reduce((s, p) => s + p.indexed, 0),
    rejected: all.reduce((s, p) => s + p.rejected, 0),
    embed_ms: Math.round(all.reduce((s, p) => s + p.embed_ms, 0)),
    index_ms: Math.round(all.reduce((s, p) => s + p.index_ms, 0)),
  };
}
