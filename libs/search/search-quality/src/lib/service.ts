// The read model (GET /metrics/quality) and the fold that keeps hourly rollups up to date.
import { systemClock, type Clock } from '@embedding-studio/primitives';
import { QualityLeaseLostError } from '../errors.js';
import { bucketStart, type BucketSize } from './buckets.js';
import { addOutcome, emptyCounts, mergeCounts, qualityOf, searchOutcome, type Quality, type QualityCounts, type SearchRecord } from './metrics.js';
import { entryHour, mergeEntry } from './entries.js';
import type { DeploymentMark, FoldLease, HourRollup, HourStateStore, LoggedEntry, QualityLog, QualityRollupStore } from './ports.js';
import { parseQualityQuery } from './query.js';

export interface QualityBucket extends Quality {
  /** ISO-8601 start of the bucket. */
  start: string;
}

export interface QualitySeries {
  version: number | null;
  totals: Quality;
  buckets: QualityBucket[];
}

export interface QualityReport {
  collection: string;
  bucket: BucketSize;
  from: string;
  to: string;
  series: QualitySeries[];
  deployments: { version: number; at: string; kind: string }[];
}

export interface QualityMetricsOptions {
  rollups: Pick<QualityRollupStore, 'read'>;
  /** The collection's profile versions; throws the search lib's not-found error for an unknown collection. */
  deployments(collection: string): Promise<DeploymentMark[]>;
  /** @defaultValue systemClock */
  clock?: Clock;
}

export interface QualityMetrics {
  /** Answers GET /metrics/quality from the rollups (no session is read). */
  read(query: unknown): Promise<QualityReport>;
}

const iso = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString();
/** Versions ascending, the 0.0.1 series (null) first. */
const byVersion = (a: number | null, b: number | null): number => (a ?? -1) - (b ?? -1);

export function createQualityMetrics(options: QualityMetricsOptions): QualityMetrics {
  const clock = options.clock ?? systemClock;
  return {
    async read(raw) {
      const q = parseQualityQuery(raw, clock.now() / 1000);
      const deployments = await options.deployments(q.collection);
      const rollups = await options.rollups.read(q.collection, bucketStart(q.from, 'hour'), q.to);
      const series = new Map<number | null, Map<number, QualityCounts>>();
      for (const r of rollups) {
        const version = q.byVersion ? r.version : null;
        let buckets = series.get(version);
        if (!buckets) series.set(version, (buckets = new Map()));
        const start = bucketStart(r.hour, q.bucket);
        let counts = buckets.get(start);
        if (!counts) buckets.set(start, (counts = emptyCounts()));
        mergeCounts(counts, r.counts);
      }
      return {
        collection: q.collection,
        bucket: q.bucket,
        from: iso(q.from),
        to: iso(q.to),
        series: [...series.entries()]
          .sort((a, b) => byVersion(a[0], b[0]))
          .map(([version, buckets]) => {
            const totals = emptyCounts();
            const sorted = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
            for (const [, c] of sorted) mergeCounts(totals, c);
            return { version, totals: qualityOf(totals), buckets: sorted.map(([start, c]) => ({ start: iso(start), ...qualityOf(c) })) };
          }),
        deployments: deployments
          .filter((d) => d.created_at >= q.from && d.created_at <= q.to)
          .sort((a, b) => a.version - b.version)
          .map((d) => ({ version: d.version, at: iso(d.created_at), kind: d.kind })),
      };
    },
  };
}

/** The rollups of one hour of a collection, one per version that answered in it. */
export function rollupsOfHour(collection: string, hour: number, records: SearchRecord[], foldedAt: number): HourRollup[] {
  const byVersionCounts = new Map<number | null, QualityCounts>();
  for (const r of records) {
    let c = byVersionCounts.get(r.version);
    if (!c) byVersionCounts.set(r.version, (c = emptyCounts()));
    addOutcome(c, searchOutcome(r));
  }
  return [...byVersionCounts.entries()].map(([version, counts]) => ({ collection, version, hour, counts, folded_at: foldedAt }));
}

export interface QualityFolderOptions {
  log: QualityLog;
  states: HourStateStore;
  rollups: Pick<QualityRollupStore, 'write'>;
  lease: FoldLease;
  /** Names this process in the lease. */
  owner: string;
  /** How long a pass may hold the lease. @defaultValue 60000 */
  leaseMs?: number;
  /** Log entries merged per pass at most. @defaultValue 5000 */
  maxEntriesPerPass?: number;
  /** @defaultValue systemClock */
  clock?: Clock;
}

export interface FoldResult {
  /** False when another process held the lease (nothing was done). */
  ran: boolean;
  /** Log entries merged. */
  entries: number;
  /** Hours whose rollups were replaced. */
  hours: number;
  rollups: number;
}

export interface QualityFolder {
  /** One pass: merges the logged entries into their hours' states and replaces those hours' rollups. */
  runOnce(): Promise<FoldResult>;
}

/**
 * The fold. After each durable session write the API logs an entry (the session as written, plus
 * the clicks, page or flag it added). A pass reads the oldest entries, merges them into the state
 * of each session's hour, recomputes that hour's rollups from its state, stores state and
 * rollups, and only then removes the entries. Merging is idempotent, so a pass that dies half way
 * repeats harmlessly; the lease keeps passes from overlapping, so state and rollups have one
 * writer at a time.
 */
export function createQualityFolder(options: QualityFolderOptions): QualityFolder {
  const clock = options.clock ?? systemClock;
  const leaseMs = options.leaseMs ?? 60_000;
  const limit = options.maxEntriesPerPass ?? 5000;
  return {
    async runOnce() {
      if (!(await options.lease.acquire(options.owner, leaseMs))) return { ran: false, entries: 0, hours: 0, rollups: 0 };
      const deadline = clock.now() + leaseMs / 2;
      try {
        const entries = await options.log.read(limit);
        const groups = new Map<string, LoggedEntry[]>();
        for (const e of entries) {
          const key = `${e.session.collection}:${entryHour(e)}`;
          const group = groups.get(key);
          if (group) group.push(e);
          else groups.set(key, [e]);
        }
        let rollups = 0;
        for (const group of groups.values()) {
          const first = group[0] as LoggedEntry;
          const collection = first.session.collection;
          const hour = entryHour(first);
          const state = (await options.states.get(collection, hour)) ?? { collection, hour, sessions: [] };
          const byId = new Map(state.sessions.map((r) => [r.session_id, r]));
          for (const e of group) byId.set(e.session.session_id, mergeEntry(byId.get(e.session.session_id), e));
          const sessions = [...byId.values()];
          const hourRollups = rollupsOfHour(collection, hour, sessions, clock.now());
          if (clock.now() > deadline) throw new QualityLeaseLostError(options.owner);
          await options.states.put({ collection, hour, sessions });
          await options.rollups.write(hourRollups);
          await options.log.remove(group.map((e) => e.id));
          rollups += hourRollups.length;
        }
        return { ran: true, entries: entries.length, hours: groups.size, rollups };
      } finally {
        await options.lease.release(options.owner).catch(() => undefined);
      }
    },
  };
}
