import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { createFeedbackReranker, createMemoryFeedbackStore, DEFAULT_FEEDBACK_SETTINGS, queryKey, rerankHits, sessionDeltas } from '@embedding-studio/search-feedback';
import type { FeedbackSettings } from '@embedding-studio/search-feedback';
import type { Hit } from '../vectors/exact-search.js';
import type { VectorTable } from '../vectors/vector-table.js';

/** F's settings: the product's defaults, switched on. Nothing is tuned on dev or eval queries. */
export const F_SETTINGS: FeedbackSettings = { ...DEFAULT_FEEDBACK_SETTINGS, enabled: true };

const COLLECTION = 'bench';

/** How the evaluated queries stand against the click log. */
export interface FeedbackCoverage {
  /** Queries whose normalised text was logged (own evidence). */
  seen: number;
  /** Queries not logged that borrowed evidence from a neighbour. */
  near: number;
  /** Queries with no evidence at all: F ranks them exactly as B0. */
  unseen: number;
}

export interface FeedbackSystem {
  /**
   * Re-ranks the base run of each query (`base`: query id → B0's hits, best first) with the
   * click evidence. `queries` holds the query vectors, `texts` the query texts by id.
   */
  rank(base: ReadonlyMap<string, readonly Hit[]>, queries: VectorTable, texts: ReadonlyMap<string, string>): Promise<{ run: Map<string, Hit[]>; coverage: FeedbackCoverage }>;
}

/**
 * System F, "improve on the fly": no training. The click log (the same sessions P trains on)
 * is replayed into the product's feedback store, each session with its query's base vector, and
 * B0's ranking is re-ranked by `@embedding-studio/search-feedback`'s reranker.
 */
export async function buildFeedbackSystem(
  logged: readonly SessionWithEvents[],
  queryVector: (text: string) => Float32Array | undefined,
  settings: FeedbackSettings = F_SETTINGS,
): Promise<FeedbackSystem> {
  const store = createMemoryFeedbackStore();
  for (const s of logged) {
    const vector = queryVector(s.search_query);
    await store.apply(sessionDeltas(COLLECTION, s, vector ? { vector } : {}));
  }
  const reranker = createFeedbackReranker({ store, settingsFor: () => settings });
  return {
    async rank(base, queries, texts) {
      const run = new Map<string, Hit[]>();
      const coverage: FeedbackCoverage = { seen: 0, near: 0, unseen: 0 };
      const d = queries.dimension;
      for (const [qid, hits] of base) {
        const text = texts.get(qid) ?? '';
        const row = queries.index.get(qid);
        const vector = row === undefined ? undefined : queries.data.subarray(row * d, (row + 1) * d);
        const evidence = await reranker.evidence(COLLECTION, text, vector);
        const own = evidence.sources.some((s) => s.key === queryKey(text));
        if (own) coverage.seen++;
        else if (evidence.sources.length > 0) coverage.near++;
        else coverage.unseen++;
        const reranked = rerankHits(
          hits.map((h, i) => ({ ...h, rank: i + 1 })),
          evidence,
          settings,
        );
        run.set(
          qid,
          reranked.map((h) => ({ id: h.id, score: h.score })),
        );
      }
      return { run, coverage };
    },
  };
}
