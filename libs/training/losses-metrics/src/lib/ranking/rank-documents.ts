import { LossesMetricsInvalidArgumentError } from '../../errors.js';

/** Document id → retrieval score (higher is better). A plain object or a Map. */
export type DocumentScores = Readonly<Record<string, number>> | ReadonlyMap<string, number>;

/**
 * How equal scores are ordered. `doc-id-asc` is the benchmark protocol's rule; `doc-id-desc`
 * reproduces trec_eval's own internal sort (it breaks score ties by descending docno).
 */
export type TieBreak = 'doc-id-asc' | 'doc-id-desc';

export interface RankDocumentsOptions {
  /**
   * Order of documents with equal scores, compared by UTF-16 code units (like C `strcmp`
   * for ASCII ids), never by locale.
   * @defaultValue 'doc-id-asc'
   */
  tieBreak?: TieBreak;
}

/** Iterates `[key, value]` pairs of a plain object or a Map. */
export function entriesOf<V>(source: Readonly<Record<string, V>> | ReadonlyMap<string, V>): Array<[string, V]> {
  return source instanceof Map ? [...(source as ReadonlyMap<string, V>).entries()] : Object.entries(source as Record<string, V>);
}

/** Plain code-unit comparison of two ids (never locale-aware). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders document ids by score, highest first; equal scores are ordered by document id
 * (ascending by default, as the benchmark protocol pins). Throws
 * `LOSSES_METRICS_INVALID_ARGUMENT` on a non-finite score, naming the document.
 */
export function rankDocuments(scores: DocumentScores, options: RankDocumentsOptions = {}): string[] {
  const sign = (options.tieBreak ?? 'doc-id-asc') === 'doc-id-asc' ? 1 : -1;
  const entries = entriesOf(scores);
  for (const [id, score] of entries) {
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      throw new LossesMetricsInvalidArgumentError(`score of document ${JSON.stringify(id)}`, 'must be a finite number', score);
    }
  }
  entries.sort((a, b) => b[1] - a[1] || sign * compareIds(a[0], b[0]));
  return entries.map(([id]) => id);
}
