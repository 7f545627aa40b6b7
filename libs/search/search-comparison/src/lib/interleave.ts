// Assignment of searches to a comparison, and team-draft interleaving.
import { createRng, type Rng } from '@embedding-studio/random';
import type { ComparisonMethod, Team } from './model.js';

/** What a search gets: left out of the comparison, or which arm / which team picks first. */
export type Assignment = { kind: 'none' } | { kind: 'ab'; arm: Team } | { kind: 'interleaving'; rng: Rng };

/**
 * Deterministic per search: a generator seeded with `<comparison id>:<search_id>` draws whether
 * the search enters the comparison (with probability `share`), then its arm (A/B, even split) or
 * the coin flips of the team draft. The same search always gets the same answer.
 */
export function assignSearch(comparison: { id: string; method: ComparisonMethod; share: number }, searchId: string): Assignment {
  const rng = createRng(`${comparison.id}:${searchId}`);
  if (rng.next() >= comparison.share) return { kind: 'none' };
  if (comparison.method === 'ab') return { kind: 'ab', arm: rng.next() < 0.5 ? 'control' : 'candidate' };
  return { kind: 'interleaving', rng };
}

export interface Interleaved {
  ids: string[];
  /** The team of each shown id, aligned with `ids`. */
  teams: Team[];
}

/**
 * Team-draft interleaving (Radlinski, Kurup and Joachims, 2008): in each round the team with
 * fewer picks (a coin flip on equal counts) adds its highest-ranked result not shown yet. When one
 * list runs out, the other fills the rest. At most `k` results.
 */
export function teamDraft(control: readonly string[], candidate: readonly string[], k: number, rng: Pick<Rng, 'next'>): Interleaved {
  const ids: string[] = [];
  const teams: Team[] = [];
  const shown = new Set<string>();
  const next = { control: 0, candidate: 0 };
  const lists = { control, candidate };
  const picks = { control: 0, candidate: 0 };
  const take = (team: Team): boolean => {
    const list = lists[team];
    while (next[team] < list.length && shown.has(list[next[team]] as string)) next[team]++;
    if (next[team] >= list.length) return false;
    const id = list[next[team]] as string;
    shown.add(id);
    ids.push(id);
    teams.push(team);
    picks[team]++;
    return true;
  };
  while (ids.length < k) {
    const first: Team = picks.control < picks.candidate || (picks.control === picks.candidate && rng.next() < 0.5) ? 'control' : 'candidate';
    const other: Team = first === 'control' ? 'candidate' : 'control';
    if (!take(first) && !take(other)) break;
  }
  return { ids, teams };
}
