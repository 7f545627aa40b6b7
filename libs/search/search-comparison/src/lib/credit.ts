// Credit: from logged searches and their clicks to per-search outcomes, then to the counters,
// the statistics and the decision of the stopping rule.
import type { ComparisonCounts, ComparisonDecision, ComparisonMark, ComparisonRecord, LoggedSearch, Outcome, Team } from './model.js';
import { looks, proportionDifference, signTestPValue, wilsonInterval } from './stats.js';

/** The comparison mark of a logged search, when it has a well-formed one for `comparisonId`. */
export function comparisonMark(search: Pick<LoggedSearch, 'search_meta'>, comparisonId: string): ComparisonMark | undefined {
  const mark = search.search_meta?.['comparison'];
  if (typeof mark !== 'object' || mark === null) return undefined;
  const m = mark as Record<string, unknown>;
  if (m['id'] !== comparisonId) return undefined;
  const isTeam = (t: unknown): t is Team => t === 'control' || t === 'candidate';
  if (m['method'] === 'ab' && isTeam(m['arm'])) return { id: comparisonId, method: 'ab', arm: m['arm'] };
  if (m['method'] === 'interleaving' && Array.isArray(m['teams']) && m['teams'].every(isTeam)) return { id: comparisonId, method: 'interleaving', teams: m['teams'] };
  return undefined;
}

/**
 * One search's credit. Interleaving: the team whose results got more distinct clicks wins (equal
 * counts, none included, are a tie); clicks on results the comparison did not place (a later
 * page) count for nobody. A/B: whether the search got a click on its first page.
 */
export function creditSearch(search: LoggedSearch, mark: ComparisonMark): Outcome {
  const clicked = new Set(search.clicks);
  if (mark.method === 'ab') return { method: 'ab', arm: mark.arm, clicked: search.results.some((r) => clicked.has(r.object_id)) };
  const score = { control: 0, candidate: 0 };
  search.results.forEach((r, i) => {
    const team = mark.teams[i];
    if (team && clicked.has(r.object_id)) score[team]++;
  });
  const winner = score.candidate > score.control ? 'candidate' : score.control > score.candidate ? 'control' : 'tie';
  return { method: 'interleaving', winner };
}

/** Outcomes of the searches of a comparison, in search order (search ids are time-ordered). */
export function outcomesOf(searches: readonly LoggedSearch[], comparisonId: string): Outcome[] {
  const marked: { at: number; id: string; outcome: Outcome }[] = [];
  for (const s of searches) {
    const mark = comparisonMark(s, comparisonId);
    if (mark) marked.push({ at: s.created_at, id: s.search_id, outcome: creditSearch(s, mark) });
  }
  marked.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return marked.map((m) => m.outcome);
}

/** The counters and statistics of the given outcomes (all of one method). */
export function countOutcomes(outcomes: readonly Outcome[], alpha: number): ComparisonCounts {
  let wins_candidate = 0;
  let wins_control = 0;
  let ties = 0;
  const arms = { control: { n: 0, clicked: 0 }, candidate: { n: 0, clicked: 0 } };
  let ab = false;
  for (const o of outcomes) {
    if (o.method === 'ab') {
      ab = true;
      arms[o.arm].n++;
      if (o.clicked) arms[o.arm].clicked++;
    } else if (o.winner === 'candidate') wins_candidate++;
    else if (o.winner === 'control') wins_control++;
    else ties++;
  }
  const queries = outcomes.length;
  if (ab) {
    if (arms.control.n === 0 || arms.candidate.n === 0) return { queries, wins_candidate: 0, wins_control: 0, ties: 0, win_rate: null, ci: null, p_value: null };
    const d = proportionDifference(arms.candidate.clicked, arms.candidate.n, arms.control.clicked, arms.control.n, alpha);
    return { queries, wins_candidate: 0, wins_control: 0, ties: 0, win_rate: d.difference, ci: d.ci, p_value: d.p_value };
  }
  const decisive = wins_candidate + wins_control;
  return {
    queries,
    wins_candidate,
    wins_control,
    ties,
    win_rate: decisive > 0 ? wins_candidate / decisive : null,
    ci: decisive > 0 ? wilsonInterval(wins_candidate, decisive, alpha) : null,
    p_value: queries > 0 ? signTestPValue(wins_candidate, wins_control) : null,
  };
}

export interface Verdict {
  counts: ComparisonCounts;
  /** null while the comparison needs more queries. */
  decision: ComparisonDecision | null;
}

/**
 * The stopping rule over outcomes in search order. At each look (`min_queries`, each doubling,
 * `max_queries`: see {@link looks}) that the outcomes reach, the test on the first `n` outcomes
 * rejects "no difference" when its p-value is at most the alpha spent at that look: the decision
 * is then the side ahead, with the counters of that look. Reaching `max_queries` without a
 * rejection decides `no_difference`. Before that, the counters cover every outcome so far.
 */
export function judge(comparison: Pick<ComparisonRecord, 'alpha' | 'min_queries' | 'max_queries'>, outcomes: readonly Outcome[]): Verdict {
  for (const look of looks(comparison.min_queries, comparison.max_queries, comparison.alpha)) {
    if (outcomes.length < look.queries) break;
    const counts = countOutcomes(outcomes.slice(0, look.queries), comparison.alpha);
    if (counts.p_value !== null && counts.p_value <= look.level && counts.win_rate !== null) {
      const ahead = outcomes[0]?.method === 'ab' ? counts.win_rate > 0 : counts.win_rate > 0.5;
      return { counts, decision: ahead ? 'candidate' : 'control' };
    }
    if (look.queries === comparison.max_queries) return { counts, decision: 'no_difference' };
  }
  return { counts: countOutcomes(outcomes, comparison.alpha), decision: null };
}
