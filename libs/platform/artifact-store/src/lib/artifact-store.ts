// The ArtifactStore port. Kept free of Node imports: only the global `NodeJS.ReadableStream`
// type appears, so any runtime with a stream implementation can provide an adapter.

/** What a store knows about one stored object. */
export interface ArtifactInfo {
  /** The object's key (see {@link assertValidArtifactKey} for the rules). */
  key: string;
  /** Length of the body in bytes. */
  size: number;
  /** Lower-case hex SHA-256 of the body, computed at write time and stored with the object. */
  sha256: string;
  /** Media type given at write time. */
  contentType: string;
  /** When the current version of the object was written. */
  createdAt: Date;
}

/** Options of {@link ArtifactStore.put}. */
export interface ArtifactPutOptions {
  /**
   * Media type stored with the object.
   * @defaultValue `'application/octet-stream'`
   */
  contentType?: string;
}

/** A stored object opened for streaming. */
export interface ArtifactBody {
  info: ArtifactInfo;
  /**
   * The bytes. The stream checks them against `info.sha256` and fails with an
   * `ARTIFACT_STORE_INTEGRITY` error at its end when they differ.
   */
  body: NodeJS.ReadableStream;
}

/**
 * A flat key → bytes store for model weights, datasets and reports. Keys are `/`-separated
 * relative paths (e.g. `models/query-adapter/3/model.onnx`); every method rejects a bad key with
 * `ARTIFACT_STORE_INVALID_KEY`.
 */
export interface ArtifactStore {
  /**
   * Stores `body` under `key`, replacing any object there. When the promise resolves the object is
   * durable; readers see either the old object or the new one, never a partial write.
   */
  put(key: string, body: Uint8Array, options?: ArtifactPutOptions): Promise<ArtifactInfo>;
  /** Opens the object for streaming. Rejects with `ARTIFACT_STORE_NOT_FOUND` when it is missing. */
  get(key: string): Promise<ArtifactBody>;
  /**
   * Reads the whole object and checks its sha256 (`ARTIFACT_STORE_INTEGRITY` on a mismatch).
   * Rejects with `ARTIFACT_STORE_NOT_FOUND` when it is missing.
   */
  read(key: string): Promise<Uint8Array>;
  /** The object's info, or `null` when it is missing. */
  head(key: string): Promise<ArtifactInfo | null>;
  /** Removes the object; `true` when it existed. Deleting a missing key is not an error. */
  delete(key: string): Promise<boolean>;
  /**
   * Every object whose key starts with `prefix` (a plain string prefix, as in S3: `'models/'`
   * or `'models/query'`; `''` lists everything), sorted by key.
   */
  list(prefix: string): Promise<readonly ArtifactInfo[]>;
}

/** The content type stored when `put` gets none. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
