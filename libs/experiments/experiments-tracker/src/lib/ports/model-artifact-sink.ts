/**
 * Where model bytes go. A narrow port: an artifact store with `put`/`delete`/`list` (S3, MinIO,
 * disk, memory) fits it structurally.
 */
export interface ModelArtifactSink {
  /** Stores the bytes under `key` (replacing what was there) and reports what was stored. */
  put(key: string, bytes: Uint8Array, options: { contentType: string }): Promise<{ key: string; size: number; sha256: string }>;
  /** Removes the object; false when there was none. */
  delete(key: string): Promise<boolean>;
  /** Every stored key that starts with `prefix`. */
  list(prefix: string): Promise<readonly { key: string }[]>;
}
