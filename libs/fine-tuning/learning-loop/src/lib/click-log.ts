import { tInterval } from '@embedding-studio/losses-metrics';

/** One simulated search as the user saw it. */
export interface LoggedSession {
  readonly searchId: string;
  readonly queryId: string;
  /** The profile version that answered. */
  readonly version: number;
  /** 1-based ranks clicked, ascending. */
  readonly clickedRanks: readonly number[];
}

/** A mean with its 95% t-interval over sessions (`lower`/`upper` null under 2 sessions). */
export interface MeanCi {
  readonly mean: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

/** Click quality of one profile version, from the simulated users' own log. */
export interface VersionQuality {
  readonly version: number;
  readonly searches: number;
  readonly sessionsWithClick: number;
  /** Share of searches with at least one click. */
  readonly ctr: MeanCi;
  /** Mean over searches of 1/rank of the first click (0 without a click). */
  readonly mrr: MeanCi;
}

/** Mean and 95% t-interval of per-session (or per-query) values. */
export function meanCi(values: readonly number[]): MeanCi {
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(values.length, 1);
  if (values.length < 2) return { mean, lower: null, upper: null };
  const t = tInterval(values);
  return { mean, lower: t.lower, upper: t.upper };
}

/** The sessions the simulated users produced, and their click quality per version. */
export class ClickLog {
  private readonly entries: LoggedSession[] = [];

  add(session: LoggedSession): void {
    this.entries.push(session);
  }

  get sessions(): readonly LoggedSession[] {
    return this.entries;
  }

  /** CTR and MRR per profile version, sorted by version. */
  byVersion(): VersionQuality[] {
    const groups = new Map<number, LoggedSession[]>();
    for (const s of this.entries) groups.set(s.version, [...(groups.get(s.version) ?? []), s]);
    return [...groups.entries()]
      .sort(([a], [b]) => a - b)
      .map(([version, list]) => ({
        version,
        searches: list.length,
        sessionsWithClick: list.filter((s) => s.clickedRanks.length > 0).length,
        ctr: meanCi(list.map((s) => (s.clickedRanks.length > 0 ? 1 : 0))),
        mrr: meanCi(list.map((s) => (s.clickedRanks.length > 0 ? 1 / (s.clickedRanks[0] as number) : 0))),
      }));
  }
}
