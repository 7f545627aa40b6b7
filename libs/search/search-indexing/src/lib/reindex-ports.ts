import type { JsonObject } from '@embedding-studio/primitives';
import type { CollectionSpec } from '@embedding-studio/vector-index';
import type { EmbeddedBatch } from './ports.js';

/** The profile serving a collection, as a reindex sees it. */
export interface LiveProfile {
  version: number;
  encoder: string;
  /** Physical collection searched. */
  target: string;
  slot: string;
  /** The query adapter of the profile, when it has one (passed back to `embedQueries`). */
  adapter?: { model_id: string; artifact_key: string };
}

/** A blue/green build in progress: writes to `source` are mirrored into `target`, embedded with `encoder`. */
export interface BuildRecord {
  collection: string;
  job_id: string;
  source: string;
  target: string;
  encoder: string;
  slot: string;
  started_at: Date;
}

/**
 * Builds in progress, seen by every process that writes items (they dual-write while a build
 * is recorded). Only the job holding the build writes it.
 */
export interface BuildRegistry {
  put(build: BuildRecord): Promise<void>;
  /** Removes the build of `collection` if it belongs to `jobId`. */
  clear(collection: string, jobId: string): Promise<void>;
  list(): Promise<BuildRecord[]>;
}

/** The search catalog, as a reindex uses it. */
export interface ReindexCatalog {
  /** The active profile; throws when the collection does not exist. */
  active(collection: string): Promise<LiveProfile>;
  /** The text embedded for an item of the collection (its fields to embed). */
  textOf(collection: string): Promise<(fields: Record<string, unknown>) => string>;
  /** The engine spec of physical version `n` with `dims`-dimensional vectors. */
  physicalSpec(collection: string, n: number, dims: number): Promise<CollectionSpec>;
  /**
   * Makes the next profile version serve `target` with `encoder` (no adapter), only while
   * `expectVersion` is the active one (compare-and-set). Null when another version came first.
   */
  switchTo(
    collection: string,
    next: { expectVersion: number; encoder: string; target: string; slot: string; jobId: string; gate: JsonObject },
  ): Promise<{ version: number } | null>;
}

/** Encoders by name, for items and for queries as a profile serves them. */
export interface ReindexEncoders {
  names(): readonly string[];
  dimension(encoder: string): Promise<number>;
  embedItems(encoder: string, texts: readonly string[]): Promise<EmbeddedBatch>;
  /** Query vectors as `profile` serves them (its encoder, then its adapter if any). */
  embedQueries(profile: Pick<LiveProfile, 'encoder' | 'adapter'>, texts: readonly string[]): Promise<EmbeddedBatch>;
}

/** Logged searches with clicks on a collection (held-out clicks for the gate). */
export interface ClickedQueries {
  sample(collection: string, n: number): Promise<Array<{ query: string; clicked: string[] }>>;
}
