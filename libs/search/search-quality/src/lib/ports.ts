// The ports the quality service and the rollup fold need from the outside.
import type { QualityEntry } from './entries.js';
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

/** The sessions of one collection and hour, as the fold last merged them. */
export interface HourState {
  collection: string;
  /** Start of the hour, epoch seconds. */
  hour: number;
  sessions: SearchRecord[];
}

export interface QualityRollupStore {
  /** The rollups of `collection` with `fromHour ≤ hour < to` (epoch seconds). */
  read(collection: string, fromHour: number, to: number): Promise<HourRollup[]>;
  /** Stores each rollup under its `(collection, version, hour)` id, replacing the previous one. Durable when it resolves. */
  write(rollups: HourRollup[]): Promise<void>;
}

/** A logged entry, with the id the log gave it. */
export interface LoggedEntry extends QualityEntry {
  id: string;
}

/** Entries written after each durable session write, until the fold has merged them. */
export interface QualityLog {
  /** Stores the entries; durable when it resolves. */
  append(entries: QualityEntry[]): Promise<void>;
  /** Up to `limit` entries, oldest first. */
  read(limit: number): Promise<LoggedEntry[]>;
  /** Removes merged entries. */
  remove(ids: string[]): Promise<void>;
}

/** The per-hour session states the fold keeps (only the fold reads and writes them). */
export interface HourStateStore {
  get(collection: string, hour: number): Promise<HourState | null>;
  /** Replaces the hour's state; durable when it resolves. */
  put(state: HourState): Promise<void>;
}

/** One fold at a time across processes, so a slower fold never replaces a newer rollup with an older one. */
export interface FoldLease {
  /** True when `owner` now holds the lease for `ttlMs` (a released or expired lease is taken; a held one, even by `owner`, is not). */
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
