// SciFact for the search e2e: the corpus, the train claims and their relevance judgments, a
// seeded split into click-pool and held-out queries, simulated users and nDCG@10.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng, shuffle, type Rng } from '@embedding-studio/random';
import { ROOT } from './harness.js';

export const SCIFACT_DIR = join(ROOT, '../shared/datasets/scifact');

export interface SciFact {
  docs: Map<string, { title: string; text: string }>;
  queries: Map<string, string>;
  /** query id → relevant doc ids */
  qrels: Map<string, Set<string>>;
}

export function loadSciFact(): SciFact {
  if (!existsSync(join(SCIFACT_DIR, 'corpus.jsonl'))) {
    throw new Error(`SciFact is missing at ${SCIFACT_DIR} (../shared/datasets/scifact from the repository root); the search e2e needs it.`);
  }
  const lines = (file: string) => readFileSync(join(SCIFACT_DIR, file), 'utf8').split('\n').filter((l) => l.trim());
  const docs = new Map(lines('corpus.jsonl').map((l) => JSON.parse(l) as { _id: string; title: string; text: string }).map((d) => [d._id, { title: d.title, text: d.text }]));
  const queries = new Map(lines('queries.jsonl').map((l) => JSON.parse(l) as { _id: string; text: string }).map((q) => [q._id, q.text]));
  const qrels = new Map<string, Set<string>>();
  for (const line of lines('qrels/train.tsv').slice(1)) {
    const [q, d, score] = line.split('\t');
    if (!q || !d || Number(score) <= 0 || !docs.has(d) || !queries.has(q)) continue;
    if (!qrels.has(q)) qrels.set(q, new Set());
    qrels.get(q)!.add(d);
  }
  return { docs, queries, qrels };
}

export interface Split {
  clickQueries: string[];
  heldOut: string[];
  /** The corpus subset: every relevant doc of both query sets, hard distractors, plus seeded random ones. */
  docIds: string[];
}

/**
 * A seeded split of judged queries into a click pool and held-out queries. Held-out queries are
 * new query texts whose answers other users asked about (each shares a relevant abstract with a
 * click-pool query): the situation where clicks can help, as in a product whose users ask about
 * the same things. No held-out query text is ever searched before the evaluation.
 */
export function splitSciFact(data: SciFact, sizes: { click: number; heldOut: number; hardPerQuery: number; distractors: number }, seed: number): Split {
  const rng = createRng(seed);
  const ids = shuffle([...data.qrels.keys()], rng);
  const clickQueries = ids.slice(0, sizes.click);
  const clickedDocs = new Set(clickQueries.flatMap((q) => [...data.qrels.get(q)!]));
  const clickTexts = new Set(clickQueries.map((q) => data.queries.get(q)));
  const heldOut = ids
    .slice(sizes.click)
    .filter((q) => [...data.qrels.get(q)!].some((d) => clickedDocs.has(d)) && !clickTexts.has(data.queries.get(q)))
    .slice(0, sizes.heldOut);
  const relevant = new Set([...clickQueries, ...heldOut].flatMap((q) => [...data.qrels.get(q)!]));
  // Hard distractors: for each query, the unjudged abstracts sharing the most words with it (as a
  // full corpus would put next to the answer), so the subset is not trivially easy.
  const words = (t: string) => new Set(t.toLowerCase().split(/\W+/).filter((w) => w.length > 3));
  const docWords = new Map([...data.docs].filter(([id]) => !relevant.has(id)).map(([id, d]) => [id, words(`${d.title} ${d.text}`)]));
  const hard = new Set<string>();
  for (const q of [...clickQueries, ...heldOut]) {
    const qw = words(data.queries.get(q)!);
    const scored = [...docWords].map(([id, dw]) => [id, [...qw].filter((w) => dw.has(w)).length] as const).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    for (const [id] of scored.slice(0, sizes.hardPerQuery)) hard.add(id);
  }
  const others = shuffle([...docWords.keys()].filter((d) => !hard.has(d)), rng).slice(0, sizes.distractors);
  return { clickQueries, heldOut, docIds: [...relevant, ...hard, ...others] };
}

/** nDCG@10 with binary gains. */
export function ndcgAt10(ranked: readonly string[], relevant: ReadonlySet<string>): number {
  let dcg = 0;
  ranked.slice(0, 10).forEach((id, i) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(10, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** A user who scans the shown results and clicks each relevant one with probability `p`. */
export function simulatedClicks(shown: readonly string[], relevant: ReadonlySet<string>, rng: Rng, p = 0.9): string[] {
  return shown.filter((id) => relevant.has(id) && rng.next() < p);
}
