import { gatherEvidence, NO_EVIDENCE } from './evidence.js';
import type { QueryEvidence } from './evidence.js';
import { queryKey } from './query-key.js';
import { nudgeQueryVector, rerankHits } from './rerank.js';
import type { RankedHit } from './rerank.js';
import type { FeedbackSettings } from './settings.js';
import type { FeedbackStore } from './store.js';

/** What the search layer passes to a reranking step. */
export interface RerankRequest<H extends RankedHit = RankedHit> {
  readonly collection: string;
  readonly query: string;
  /** The query vector the engine searched with; enables the neighbourhood. */
  readonly queryVector?: ArrayLike<number>;
  readonly hits: readonly H[];
  /** The search profile that produced the hits (evidence is kept per result id, so it is not used to filter). */
  readonly profileVersion?: string | number;
}

export interface FeedbackRerankerOptions {
  readonly store: FeedbackStore;
  /** The collection's feedback settings (validated with `parseFeedbackSettings`); undefined = off. */
  readonly settingsFor: (collection: string) => FeedbackSettings | undefined | Promise<FeedbackSettings | undefined>;
}

export interface FeedbackReranker {
  /** The hits reordered by click evidence, or unchanged when the collection has feedback off. */
  rerank<H extends RankedHit>(request: RerankRequest<H>): Promise<H[]>;
  /** The evidence a query would use (its own and its neighbours'), for explanations and tests. */
  evidence(collection: string, query: string, queryVector?: ArrayLike<number>): Promise<QueryEvidence>;
  /**
   * The query vector moved towards the results its evidence favours (Rocchio), for a second
   * engine search; a copy of the input when the collection has feedback or `rocchioBeta` off.
   */
  nudge(collection: string, query: string, queryVector: ArrayLike<number>, itemVectors: ReadonlyMap<string, ArrayLike<number>>): Promise<Float32Array>;
}

/** The feedback layer as the search layer uses it: store reads plus the pure reranking model. */
export function createFeedbackReranker(options: FeedbackRerankerOptions): FeedbackReranker {
  const { store } = options;
  const gather = async (collection: string, query: string, settings: FeedbackSettings, queryVector?: ArrayLike<number>): Promise<QueryEvidence> => {
    const key = queryKey(query);
    const useNeighbours = queryVector !== undefined && queryVector.length > 0 && settings.neighbourWeight > 0;
    const [own, neighbours] = await Promise.all([
      store.get(collection, key),
      useNeighbours ? store.nearest(collection, queryVector, { threshold: settings.neighbourThreshold, limit: settings.maxNeighbours, excludeKey: key }) : [],
    ]);
    return gatherEvidence(own, neighbours, settings);
  };
  return {
    async rerank<H extends RankedHit>(request: RerankRequest<H>): Promise<H[]> {
      const settings = await options.settingsFor(request.collection);
      if (!settings?.enabled || request.hits.length === 0) return [...request.hits];
      const evidence = await gather(request.collection, request.query, settings, request.queryVector);
      return rerankHits(request.hits, evidence, settings);
    },
    async evidence(collection, query, queryVector) {
      const settings = await options.settingsFor(collection);
      return settings?.enabled ? gather(collection, query, settings, queryVector) : NO_EVIDENCE;
    },
    async nudge(collection, query, queryVector, itemVectors) {
      const settings = await options.settingsFor(collection);
      if (!settings?.enabled || settings.rocchioBeta === 0) return Float32Array.from(queryVector);
      return nudgeQueryVector(queryVector, await gather(collection, query, settings, queryVector), itemVectors, settings);
    },
  };
}
