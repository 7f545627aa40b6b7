import type { Qrels, Run } from '../ranking/evaluate-run.js';

/**
 * A scored run from ordered lists: the first document of each query gets score n, the next
 * n − 1, … (no ties), so `rankDocuments` gives the lists back.
 */
export function runFromRankings(rankings: Readonly<Record<string, readonly string[]>>): Record<string, Record<string, number>> {
  const run: Record<string, Record<string, number>> = {};
  for (const [qid, docs] of Object.entries(rankings)) {
    const scores: Record<string, number> = {};
    docs.forEach((d, i) => {
      scores[d] = docs.length - i;
    });
    run[qid] = scores;
  }
  return run;
}

/** A run as written, defaulting to one query `q1` scoring d1 > d2 > d3. */
export function aRun(run: Run = { q1: { d1: 3, d2: 2, d3: 1 } }): Run {
  return run;
}

/** Qrels with binary grade 1 for every listed document: `aQrels({ q1: ['d1'] })`. */
export function aQrels(relevant: Readonly<Record<string, readonly string[]>>, grade = 1): Qrels {
  const qrels: Record<string, Record<string, number>> = {};
  for (const [qid, docs] of Object.entries(relevant)) qrels[qid] = Object.fromEntries(docs.map((d) => [d, grade]));
  return qrels;
}
