import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import type { ShownQuery } from '../clicks/simulate.js';

/**
 * One training example as the learners take it: a query text, the docs that should rank
 * higher (positives) and docs shown but not wanted (negatives).
 */
export interface BenchExample {
  readonly queryText: string;
  readonly positives: readonly string[];
  readonly negatives: readonly string[];
}

/**
 * The skyline's training data: for each click-pool query, the judged relevant docs as
 * positives and the shown non-relevant docs as negatives. Queries with no relevant doc are
 * skipped.
 */
export function oracleExamples(pool: readonly ShownQuery[]): BenchExample[] {
  const out: BenchExample[] = [];
  for (const q of pool) {
    if (q.relevant.size === 0) continue;
    out.push({
      queryText: q.text,
      positives: [...q.relevant].sort(),
      negatives: q.shown.filter((d) => !q.relevant.has(d)),
    });
  }
  return out;
}

/** Converts sessions into examples (the harness uses `@embedding-studio/data-loaders`, see sessions-to-examples.ts). */
export type SessionsToExamples = (sessions: readonly SessionWithEvents[]) => BenchExample[];
