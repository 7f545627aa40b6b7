// The metric definitions: what one search contributes (its outcome), the mergeable counts a
// rollup stores, and the rates, MRR and percentiles read from them.
import { addLatency, emptySketch, mergeSketch, sketchQuantile, type LatencySketch } from './latency.js';

/** The cut-offs of `clicks_at`. */
export const CLICK_CUTOFFS = [1, 3, 5, 10] as const;
export type ClickCutoff = (typeof CLICK_CUTOFFS)[number];

/** What the clickstream holds about one search (one session), as the fold reads it. */
export interface SearchRecord {
  session_id: string;
  /** The search profile version that answered; null for sessions posted by 0.0.1 clients. */
  version: number | null;
  /** Search time, epoch seconds (the session's `created_at`). */
  created_at: number;
  /** Encode + engine + rerank time of the first page, ms; null when not recorded. */
  latency_ms: number | null;
  /** Object ids in the order shown: the first page, then each appended page. */
  shown: string[];
  /** Click events in the order they were stored (`event_id` where known, to merge repeats). */
  clicks: { object_id: string; created_at: number; event_id?: string }[];
  /** At least one page was appended ("load more"). */
  load_more: boolean;
  /** The user flagged the results as irrelevant. */
  irrelevant: boolean;
}

/** What one search contributes. Ranks are 1-based positions in `shown`. */
export interface SearchOutcome {
  /** Rank of every click whose object was shown, in event order. */
  click_ranks: number[];
  /** Rank of the earliest click (by `created_at`, then event order); null without a click. */
  first_click_rank: number | null;
  load_more: boolean;
  irrelevant: boolean;
  latency_ms: number | null;
}

export function searchOutcome(record: SearchRecord): SearchOutcome {
  const rankOf = new Map<string, number>();
  record.shown.forEach((id, i) => {
    if (!rankOf.has(id)) rankOf.set(id, i + 1);
  });
  const ranked = record.clicks
    .map((c, order) => ({ rank: rankOf.get(c.object_id), at: c.created_at, order }))
    .filter((c): c is { rank: number; at: number; order: number } => c.rank !== undefined);
  const first = [...ranked].sort((a, b) => a.at - b.at || a.order - b.order)[0];
  return {
    click_ranks: ranked.map((c) => c.rank),
    first_click_rank: first?.rank ?? null,
    load_more: record.load_more,
    irrelevant: record.irrelevant,
    latency_ms: record.latency_ms,
  };
}

/** The mergeable counts of a set of searches: what a rollup document stores. */
export interface QualityCounts {
  searches: number;
  sessions_with_click: number;
  /** No click, no "load more" and no irrelevant flag. */
  abandoned: number;
  irrelevant: number;
  load_more: number;
  /** Sum over searches of 1 / rank of the first click. */
  reciprocal_rank_sum: number;
  /** Click events on shown objects, and the sum of their ranks. */
  clicks: number;
  click_rank_sum: number;
  /** Searches with a click at rank ≤ k. */
  clicks_at: Record<`${ClickCutoff}`, number>;
  latency: LatencySketch;
}

export function emptyCounts(): QualityCounts {
  return {
    searches: 0,
    sessions_with_click: 0,
    abandoned: 0,
    irrelevant: 0,
    load_more: 0,
    reciprocal_rank_sum: 0,
    clicks: 0,
    click_rank_sum: 0,
    clicks_at: { '1': 0, '3': 0, '5': 0, '10': 0 },
    latency: emptySketch(),
  };
}

/** Adds one search to `counts` in place. */
export function addOutcome(counts: QualityCounts, o: SearchOutcome): void {
  counts.searches += 1;
  const clicked = o.first_click_rank !== null;
  if (o.first_click_rank !== null) {
    counts.sessions_with_click += 1;
    counts.reciprocal_rank_sum += 1 / o.first_click_rank;
  }
  if (!clicked && !o.load_more && !o.irrelevant) counts.abandoned += 1;
  if (o.irrelevant) counts.irrelevant += 1;
  if (o.load_more) counts.load_more += 1;
  counts.clicks += o.click_ranks.length;
  for (const r of o.click_ranks) counts.click_rank_sum += r;
  const best = o.click_ranks.length > 0 ? Math.min(...o.click_ranks) : Infinity;
  for (const k of CLICK_CUTOFFS) if (best <= k) counts.clicks_at[`${k}`] += 1;
  if (o.latency_ms !== null) addLatency(counts.latency, o.latency_ms);
}

/** Adds `other` into `into` in place. */
export function mergeCounts(into: QualityCounts, other: QualityCounts): void {
  into.searches += other.searches;
  into.sessions_with_click += other.sessions_with_click;
  into.abandoned += other.abandoned;
  into.irrelevant += other.irrelevant;
  into.load_more += other.load_more;
  into.reciprocal_rank_sum += other.reciprocal_rank_sum;
  into.clicks += other.clicks;
  into.click_rank_sum += other.click_rank_sum;
  for (const k of CLICK_CUTOFFS) into.clicks_at[`${k}`] += other.clicks_at[`${k}`];
  mergeSketch(into.latency, other.latency);
}

/** The public `<Quality>` object. Rates are fractions of `searches` (0 when there were none). */
export interface Quality {
  searches: number;
  sessions_with_click: number;
  ctr: number;
  zero_click_rate: number;
  abandonment_rate: number;
  mrr: number;
  mean_click_rank: number | null;
  clicks_at: Record<`${ClickCutoff}`, number>;
  irrelevant_rate: number;
  load_more_rate: number;
  latency_ms: { p50: number | null; p95: number | null; p99: number | null };
}

export function qualityOf(c: QualityCounts): Quality {
  const rate = (n: number): number => (c.searches === 0 ? 0 : n / c.searches);
  return {
    searches: c.searches,
    sessions_with_click: c.sessions_with_click,
    ctr: rate(c.sessions_with_click),
    zero_click_rate: rate(c.searches - c.sessions_with_click),
    abandonment_rate: rate(c.abandoned),
    mrr: rate(c.reciprocal_rank_sum),
    mean_click_rank: c.clicks === 0 ? null : c.click_rank_sum / c.clicks,
    clicks_at: { ...c.clicks_at },
    irrelevant_rate: rate(c.irrelevant),
    load_more_rate: rate(c.load_more),
    latency_ms: { p50: sketchQuantile(c.latency, 0.5), p95: sketchQuantile(c.latency, 0.95), p99: sketchQuantile(c.latency, 0.99) },
  };
}
