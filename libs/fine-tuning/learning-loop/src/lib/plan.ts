import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { queriesWithRelevant, relevantDocs } from '@embedding-studio/click-simulation';
import type { LoadedDataset } from '@embedding-studio/click-simulation';
import { createRng, sampleWithoutReplacement, shuffle } from '@embedding-studio/random';
import { LearningLoopInvalidArgumentError } from '../errors.js';
import type { EvalQuery } from './evaluate.js';
import { createHeldOutGuard } from './held-out-guard.js';
import type { PoolQuery } from './traffic.js';

export interface QueryPlanOptions {
  readonly seed: number | string;
  /** Share of the judged queries held out for evaluation. @defaultValue 0.2 */
  readonly heldOutFraction?: number;
  /** At most this many click-pool queries (all by default). */
  readonly maxPool?: number;
  /** At most this many held-out queries (all by default). */
  readonly maxHeldOut?: number;
  /**
   * At most this many documents: every relevant document of the chosen queries, then seeded
   * random others (the whole corpus by default).
   */
  readonly maxDocs?: number;
}

/** Which queries click, which are held out, and which documents the collection holds. */
export interface QueryPlan {
  readonly pool: PoolQuery[];
  readonly heldOut: EvalQuery[];
  /** Document ids of the collection, in corpus order. */
  readonly docIds: string[];
  /** Judged queries left out of the pool because a held-out query has the same text. */
  readonly removedFromPool: number;
}

/**
 * Splits the judged queries of a BEIR dataset with a seeded shuffle: the first share is held out
 * (evaluated, never clicked), the rest is the click pool, minus any query whose text equals a
 * held-out one. Deterministic in (dataset, options).
 */
export function planQueries(ds: LoadedDataset, options: QueryPlanOptions): QueryPlan {
  const fraction = options.heldOutFraction ?? 0.2;
  if (!(fraction > 0 && fraction < 1)) throw new LearningLoopInvalidArgumentError(`heldOutFraction must be in (0, 1), got ${fraction}.`);
  const texts = new Map(ds.queries.map((q) => [q.id, q.text]));
  const judged = queriesWithRelevant(ds.qrels).filter((id) => texts.has(id));
  if (judged.length < 2) throw new LearningLoopInvalidArgumentError(`${ds.name} has ${judged.length} judged queries with a text; the loop needs at least 2.`);
  const order = shuffle(judged, createRng(`${options.seed}:queries`));
  const cut = Math.max(1, Math.round(order.length * fraction));
  const heldOutIds = order.slice(0, Math.min(cut, options.maxHeldOut ?? cut));
  const judgments = (id: string): Map<string, number> => new Map([...(ds.qrels.get(id) ?? new Map<string, number>())].filter(([, g]) => g > 0));
  const heldOut: EvalQuery[] = heldOutIds.map((id) => ({ id, text: texts.get(id) as string, judgments: judgments(id) }));
  const guard = createHeldOutGuard(heldOut);
  const candidates = order.slice(cut).map((id) => ({ id, text: texts.get(id) as string, relevant: relevantDocs(ds.qrels, id) }));
  const clean = candidates.filter((q) => !guard.isHeldOut(q));
  const pool = clean.slice(0, options.maxPool ?? clean.length);
  if (pool.length === 0) throw new LearningLoopInvalidArgumentError(`${ds.name}: no click-pool query is left after holding ${heldOut.length} out.`);

  const all = ds.corpus.map((d) => d.id);
  const corpusIds = new Set(all);
  let keep: Set<string>;
  if (options.maxDocs === undefined || options.maxDocs >= all.length) keep = new Set(all);
  else {
    keep = new Set([...pool.flatMap((q) => [...q.relevant]), ...heldOut.flatMap((q) => [...q.judgments.keys()])].filter((id) => corpusIds.has(id)));
    const others = all.filter((id) => !keep.has(id));
    for (const id of sampleWithoutReplacement(others, Math.max(0, options.maxDocs - keep.size), createRng(`${options.seed}:docs`))) keep.add(id);
  }
  return { pool, heldOut, docIds: all.filter((id) => keep.has(id)), removedFromPool: candidates.length - clean.length };
}

/**
 * Name of the collection a local run imports a dataset into: the dataset's name, plus the
 * embedded fields unless they are title and text, plus `suffix`. Runs that agree share it.
 */
export function loopCollectionName(dataset: string, fields: readonly string[], suffix = ''): string {
  const base = dataset.replace(/[^a-zA-Z0-9_]/g, '_');
  return `${base}${fields.join(',') === 'title,text' ? '' : `_${fields.join('_')}`}${suffix}`;
}

/** File name of a corpus subset under the import root: the same documents give the same name. */
export function corpusFileName(ds: LoadedDataset, docIds: readonly string[]): string {
  return `${ds.name}-${ds.corpusSha.slice(0, 12)}-${docIds.length}.jsonl`;
}

/** Writes the plan's documents as JSONL items (`{id, title, text}` per line) for the import route. */
export function writeCorpusJsonl(ds: LoadedDataset, docIds: readonly string[], file: string): void {
  const keep = new Set(docIds);
  const lines = ds.corpus.filter((d) => keep.has(d.id)).map((d) => JSON.stringify({ id: d.id, title: d.title, text: d.text }));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${lines.join('\n')}\n`);
}
