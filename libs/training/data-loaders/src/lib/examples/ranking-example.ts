/** A shown result as training sees it. */
export interface ShownItemRef {
  /** The result's `object_id`. */
  id: string;
  /** The rank the client sent (lower = shown higher; by default the 1-based position). */
  rank: number;
  /** 1-based place in the shown list after ordering by rank (ties by list order). */
  position: number;
}

/** A clicked result. */
export interface PositiveRef extends ShownItemRef {
  /** Training weight: the inverse-propensity weight of `position` when IPS is on, else 1. */
  weight: number;
}

/** A shown result that was not clicked. */
export type NegativeRef = ShownItemRef;

/** Why a session counts as irrelevant: the flag said so, or nothing was clicked. */
export type IrrelevanceReason = 'flagged' | 'no-clicks';

/**
 * One training example from one search session: a query, the items that should rank higher
 * (clicked) and items shown but not clicked (negatives, possibly sampled). For an irrelevant
 * session `positives` is empty and every shown result is a negative.
 */
export interface RankingExample {
  /** Unique per example: the session id, or `<sessionId>#<positiveId>` when negatives are sampled per positive. */
  exampleId: string;
  sessionId: string;
  /** The query text (`search_query`). */
  query: string;
  /** Clicked results, in position order. */
  positives: PositiveRef[];
  /** Negatives in position order. */
  negatives: NegativeRef[];
  irrelevant: boolean;
  /** `null` for an example with clicks. */
  irrelevance: IrrelevanceReason | null;
}

/** Examples with clicks and irrelevant examples, kept apart. */
export interface RankingExamples {
  examples: RankingExample[];
  irrelevant: RankingExample[];
}

/** Every item id an example refers to. */
export function itemIdsOf(example: RankingExample): string[] {
  return [...example.positives.map((p) => p.id), ...example.negatives.map((n) => n.id)];
}
