// The ports the quality service and the rollup fold need from the outside.
import type { QualityCounts, SearchRecord } from './metrics.js';

/** The counts of one collection × profile version × UTC hour. */
export interface HourRollup {
  collection: string;
  /** The answering profile version; null for sessions posted by 0.0.1 clients. */
  version: number | null;
  /** Start of the hour, epoch seconds. */
  hour: number;
  counts: QualityCounts;
  /** When the fold computed it, epoch ms. */
  folded_at: number;
}

/** An hour of a collection whose sessions changed since its rollups were last computed. */
export interface DirtyHour {
  collection: string;
  /** Start of the hour, epoch seconds. */
  hour: number;
}

export interface QualityRollupStore {
  /** The rollups of `collection` with `fromHour ≤ hour < to` (epoch seconds). */
  read(collection: string, fromHour: number, to: number): Promise<HourRollup[]>;
  /** Stores each rollup under its `(collection, version, hour)` id, replacing the previous one. Durable when it resolves. */
  write(rollups: HourRollup[]): Promise<void>;
}

export interface QualityMarks {
  /** Marks hours dirty; marking a dirty hour again is a no-op. Durable when it resolves. */
  mark(hours: DirtyHour[]): Promise<void>;
  /** Removes up to `limit` marks and returns them (oldest hours first where the store can tell). */
  take(limit: number): Promise<DirtyHour[]>;
}

export interface QualitySource {
  /** The searches (sessions) of `collection` whose search time is in `[from, to)` (epoch seconds). */
  searches(collection: string, from: number, to: number): Promise<SearchRecord[]>;
}

/** One fold at a time across processes, so a slower fold never replaces a newer rollup with an older one. */
export interface FoldLease {
  /** True when `owner` now holds the lease for `ttlMs` (a free or expired lease is taken; a held one is not). */
  acquire(owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease back if `owner` holds it. */
  release(owner: string): Promise<void>;
}

/** A profile version of the collection, as the deployments listing reports it. */
export interface DeploymentMark {
  version: number;
  /** Epoch seconds. */
  created_at: number;
  kind: string;
}
