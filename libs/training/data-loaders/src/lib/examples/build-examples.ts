import type { SearchResultItem, SessionWithEvents } from '@embedding-studio/clickstream-core';
import { S1_EXAMINATION, ipsWeight } from '@embedding-studio/losses-metrics';
import { createRng, sampleWithoutReplacement, type Rng } from '@embedding-studio/random';
import { DataLoadersInvalidOptionError } from '../../errors.js';
import { checkNumberIn, checkStringList } from '../internal/check.js';
import type { IrrelevanceReason, NegativeRef, PositiveRef, RankingExample, RankingExamples, ShownItemRef } from './ranking-example.js';

export interface IpsOptions {
  /**
   * Examination probability of each 1-based position.
   * @defaultValue the benchmark's S1 curve (`S1_EXAMINATION` of losses-metrics)
   */
  examination?: readonly number[];
  /**
   * Upper clip of a weight.
   * @defaultValue 20
   */
  maxWeight?: number;
}

export interface BuildRankingExamplesOptions {
  /**
   * Event types that count as a click; other events are ignored.
   * @defaultValue ['click']
   */
  clickEventTypes?: readonly string[];
  /**
   * Share δ ∈ (0, 1] of a session's non-clicked results kept as negatives, sampled without
   * replacement: k = ceil(δ·n), so a session with any non-clicked result keeps at least one.
   * δ = 1 keeps them all (no sampling).
   * @defaultValue 1
   */
  negativeRatio?: number;
  /**
   * `per-session`: one negative sample per session, shared by its positives (one example per
   * session). `per-positive`: an independent sample for each clicked result (one example per
   * positive, id `<sessionId>#<positiveId>`).
   * @defaultValue 'per-session'
   */
  negativeSampling?: 'per-session' | 'per-positive';
  /**
   * Seed of negative sampling. Each session draws from its own generator seeded by
   * `<seed>:<sessionId>`, so a session's sample does not depend on the other sessions.
   * @defaultValue 0
   */
  seed?: number | string;
  /**
   * Inverse-propensity weighting of positives by position (`exam(1)/exam(position)`), or
   * `false` for weight 1.
   * @defaultValue false
   */
  ips?: IpsOptions | false;
  /**
   * Treat a session flagged `is_irrelevant` as irrelevant even if it has clicks (its clicks are
   * then ignored and counted in the report). When false only "no clicks" makes a session irrelevant.
   * @defaultValue true
   */
  honourIrrelevantFlag?: boolean;
  /**
   * Drop examples with clicks that have no negative (every shown result clicked). Kept by
   * default: in-batch-negative losses still learn from them; pairwise losses get no pair.
   * @defaultValue false
   */
  dropWithoutNegatives?: boolean;
}

/** Why a session produced no example. */
export type SessionSkipReason = 'no-results' | 'empty-query' | 'duplicate-session-id' | 'no-negatives';

export interface BuildReport {
  /** Sessions received. */
  sessions: number;
  /** Examples with clicks emitted. */
  examples: number;
  /** Irrelevant examples emitted. */
  irrelevant: number;
  /** Irrelevant sessions by reason. */
  irrelevantFlagged: number;
  irrelevantNoClicks: number;
  /** Sessions flagged irrelevant that had clicks (the clicks were ignored). */
  flaggedWithClicks: number;
  /** Sessions that produced nothing, with the reason. */
  skipped: Array<{ sessionId: string; reason: SessionSkipReason }>;
  /** Result entries dropped because their object id was already shown higher in the session. */
  duplicateResults: number;
  /** Result entries dropped because they had no usable `object_id`. */
  invalidResults: number;
  /** Click events whose object id was not among the session's results (ignored). */
  unknownClicks: number;
  /** Examples with clicks kept with no negative. */
  withoutNegatives: number;
}

export interface BuildRankingExamplesResult extends RankingExamples {
  report: BuildReport;
}

interface Shown extends ShownItemRef {
  order: number;
}

/**
 * Turns search sessions into ranking examples: positives = shown results with a click event,
 * negatives = shown and not clicked (sampled without replacement when `negativeRatio < 1`).
 * Sessions flagged irrelevant or without clicks become irrelevant examples whose negatives are
 * every shown result. Duplicate result ids are merged (best rank kept), and nothing here throws
 * on odd sessions: what was skipped or merged is counted in `report`. Deterministic for a seed.
 */
export function buildRankingExamples(sessions: readonly SessionWithEvents[], options: BuildRankingExamplesOptions = {}): BuildRankingExamplesResult {
  const clickTypes = new Set(checkStringList('clickEventTypes', options.clickEventTypes ?? ['click']));
  const ratio = checkNumberIn('negativeRatio', options.negativeRatio ?? 1, 0, 1, true, false);
  const mode = options.negativeSampling ?? 'per-session';
  if (mode !== 'per-session' && mode !== 'per-positive') throw new DataLoadersInvalidOptionError('negativeSampling', "must be 'per-session' or 'per-positive'", mode);
  const seed = options.seed ?? 0;
  const weightOf = positionWeight(options.ips ?? false);
  const honourFlag = options.honourIrrelevantFlag ?? true;

  const report: BuildReport = {
    sessions: sessions.length,
    examples: 0,
    irrelevant: 0,
    irrelevantFlagged: 0,
    irrelevantNoClicks: 0,
    flaggedWithClicks: 0,
    skipped: [],
    duplicateResults: 0,
    invalidResults: 0,
    unknownClicks: 0,
    withoutNegatives: 0,
  };
  const out: RankingExamples = { examples: [], irrelevant: [] };
  const seen = new Set<string>();

  for (const session of sessions) {
    const sessionId = session.session_id;
    if (seen.has(sessionId)) {
      report.skipped.push({ sessionId, reason: 'duplicate-session-id' });
      continue;
    }
    seen.add(sessionId);
    const query = typeof session.search_query === 'string' ? session.search_query.trim() : '';
    if (query.length === 0) {
      report.skipped.push({ sessionId, reason: 'empty-query' });
      continue;
    }
    const { shown, duplicates, invalid } = shownResults(Array.isArray(session.search_results) ? session.search_results : []);
    report.duplicateResults += duplicates;
    report.invalidResults += invalid;
    if (shown.length === 0) {
      report.skipped.push({ sessionId, reason: 'no-results' });
      continue;
    }
    const shownIds = new Set(shown.map((s) => s.id));
    const clicked = new Set<string>();
    for (const e of Array.isArray(session.events) ? session.events : []) {
      if (e === null || typeof e !== 'object' || !clickTypes.has(e.event_type)) continue;
      if (shownIds.has(e.object_id)) clicked.add(e.object_id);
      else report.unknownClicks++;
    }

    const flagged = honourFlag && session.is_irrelevant === true;
    if (flagged || clicked.size === 0) {
      const irrelevance: IrrelevanceReason = flagged ? 'flagged' : 'no-clicks';
      if (flagged) {
        report.irrelevantFlagged++;
        if (clicked.size > 0) report.flaggedWithClicks++;
      } else report.irrelevantNoClicks++;
      out.irrelevant.push({ exampleId: sessionId, sessionId, query, positives: [], negatives: shown.map(ref), irrelevant: true, irrelevance });
      report.irrelevant++;
      continue;
    }

    const positives: PositiveRef[] = shown.filter((s) => clicked.has(s.id)).map((s) => ({ ...ref(s), weight: weightOf(s.position) }));
    const candidates = shown.filter((s) => !clicked.has(s.id));
    const k = Math.ceil(ratio * candidates.length - 1e-9);
    const rng = createRng(`${String(seed)}:${sessionId}`);
    const draw = (): NegativeRef[] => sampleNegatives(candidates, k, rng);

    const emitted: RankingExample[] =
      mode === 'per-session'
        ? [{ exampleId: sessionId, sessionId, query, positives, negatives: draw(), irrelevant: false, irrelevance: null }]
        : positives.map((p) => ({ exampleId: `${sessionId}#${p.id}`, sessionId, query, positives: [p], negatives: draw(), irrelevant: false, irrelevance: null }));
    if (candidates.length === 0) {
      if (options.dropWithoutNegatives === true) {
        report.skipped.push({ sessionId, reason: 'no-negatives' });
        continue;
      }
      report.withoutNegatives += emitted.length;
    }
    out.examples.push(...emitted);
    report.examples += emitted.length;
  }
  return { ...out, report };
}

/** Orders results by rank (ties by list order), numbers positions, merges duplicate ids (best rank wins). */
function shownResults(results: readonly SearchResultItem[]): { shown: Shown[]; duplicates: number; invalid: number } {
  const valid = results
    .map((r, order) => ({ r, order }))
    .filter(({ r }) => r !== null && typeof r === 'object' && typeof r.object_id === 'string' && r.object_id.length > 0);
  const rankOf = (r: SearchResultItem, order: number): number => (typeof r.rank === 'number' && Number.isFinite(r.rank) ? r.rank : order + 1);
  valid.sort((a, b) => rankOf(a.r, a.order) - rankOf(b.r, b.order) || a.order - b.order);
  const shown: Shown[] = [];
  const ids = new Set<string>();
  let duplicates = 0;
  valid.forEach(({ r, order }, i) => {
    if (ids.has(r.object_id)) {
      duplicates++;
      return;
    }
    ids.add(r.object_id);
    shown.push({ id: r.object_id, rank: rankOf(r, order), position: i + 1, order });
  });
  return { shown, duplicates, invalid: results.length - valid.length };
}

function ref(s: Shown): ShownItemRef {
  return { id: s.id, rank: s.rank, position: s.position };
}

function sampleNegatives(candidates: readonly Shown[], k: number, rng: Rng): NegativeRef[] {
  const picked = k >= candidates.length ? candidates.slice() : sampleWithoutReplacement(candidates, k, rng);
  return picked.sort((a, b) => a.position - b.position).map(ref);
}

function positionWeight(ips: IpsOptions | false): (position: number) => number {
  if (ips === false) return () => 1;
  const examination = ips.examination ?? S1_EXAMINATION;
  const opts = ips.maxWeight === undefined ? {} : { maxWeight: ips.maxWeight };
  try {
    ipsWeight(1, examination, opts); // validates the curve and the clip once, up front
  } catch (e) {
    throw new DataLoadersInvalidOptionError('ips', e instanceof Error ? e.message : String(e), ips);
  }
  return (position) => ipsWeight(position, examination, opts);
}
