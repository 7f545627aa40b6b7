// The read model (GET /metrics/quality) and the fold that keeps hourly rollups up to date.
import { systemClock, type Clock } from '@embedding-studio/primitives';
import { QualityLeaseLostError } from '../errors.js';
import { BUCKET_SECONDS, bucketStart, type BucketSize } from './buckets.js';
import { addOutcome, emptyCounts, mergeCounts, qualityOf, searchOutcome, type Quality, type QualityCounts } from './metrics.js';
import type { DeploymentMark, DirtyHour, FoldLease, HourRollup, QualityMarks, QualityRollupStore, QualitySource } from './ports.js';
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
export function rollupsOfHour(collection: string, hour: number, records: Parameters<typeof searchOutcome>[0][], foldedAt: number): HourRollup[] {
  const byVersionCounts = new Map<number | null, QualityCounts>();
  for (const r of records) {
    let c = byVersionCounts.get(r.version);
    if (!c) byVersionCounts.set(r.version, (c = emptyCounts()));
    addOutcome(c, searchOutcome(r));
  }
  return [...byVersionCounts.entries()].map(([version, counts]) => ({ collection, version, hour, counts, folded_at: foldedAt }));
}

export interface QualityFolderOptions {
  marks: QualityMarks;
  source: QualitySource;
  rollups: Pick<QualityRollupStore, 'write'>;
  lease: FoldLease;
  /** Names this process in the lease. */
  owner: string;
  /** How long a pass may hold the lease. @defaultValue 60000 */
  leaseMs?: number;
  /** Dirty hours folded per pass at most. @defaultValue 500 */
  maxHoursPerPass?: number;
  /** @defaultValue systemClock */
  clock?: Clock;
}

export interface FoldResult {
  /** False when another process held the lease (nothing was done). */
  ran: boolean;
  hours: number;
  rollups: number;
}

export interface QualityFolder {
  /** One pass: takes the dirty hours, recomputes each from the clickstream and replaces its rollups. */
  runOnce(): Promise<FoldResult>;
}

/**
 * The fold: hours are marked dirty after each durable session write (new session, clicks, load
 * more, irrelevant flag); a pass takes the marks first, then reads the hours' sessions, so a write
 * that lands during the pass either is read or marks its hour again. A pass recomputes whole
 * hours, so running one twice changes nothing.
 */
export function createQualityFolder(options: QualityFolderOptions): QualityFolder {
  const clock = options.clock ?? systemClock;
  const leaseMs = options.leaseMs ?? 60_000;
  const limit = options.maxHoursPerPass ?? 500;
  return {
    async runOnce() {
      if (!(await options.lease.acquire(options.owner, leaseMs))) return { ran: false, hours: 0, rollups: 0 };
      const deadline = clock.now() + leaseMs / 2;
      let pending: DirtyHour[] = [];
      try {
        pending = await options.marks.take(limit);
        const taken = pending.length;
        let written = 0;
        while (pending.length > 0) {
          const h = pending[0] as DirtyHour;
          const records = await options.source.searches(h.collection, h.hour, h.hour + BUCKET_SECONDS.hour);
          const rollups = rollupsOfHour(h.collection, h.hour, records, clock.now());
          if (clock.now() > deadline) throw new QualityLeaseLostError(options.owner);
          await options.rollups.write(rollups);
          written += rollups.length;
          pending.shift();
        }
        return { ran: true, hours: taken, rollups: written };
      } catch (error) {
        // The hours not yet written stay dirty for the next pass.
        if (pending.length > 0) await options.marks.mark(pending).catch(() => undefined);
        throw error;
      } finally {
        await options.lease.release(options.owner).catch(() => undefined);
      }
    },
  };
}
