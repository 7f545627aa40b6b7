import { NotFoundError } from '@embedding-studio/errors';
import { sha256Hex } from '@embedding-studio/primitives';
import type { ModelArtifactSink } from '../ports/model-artifact-sink.js';

/** Thrown by {@link MemoryModelArtifacts.get} for a key that holds nothing. */
export class MemoryArtifactMissingError extends NotFoundError {
  constructor(key: string) {
    super('EXPERIMENTS_TRACKER_TESTING_ARTIFACT_MISSING', `No artifact under key ${JSON.stringify(key)}.`, { details: { key } });
  }
}

/** What {@link MemoryModelArtifacts.get} returns: the shape the api's artifact reader has. */
export interface MemoryArtifactDownload {
  body: AsyncIterable<Uint8Array>;
  size: number;
  contentType: string;
}

/** An in-memory {@link ModelArtifactSink} that can also be read back (for tests and demos). */
export interface MemoryModelArtifacts extends ModelArtifactSink {
  /** Streams the bytes in chunks of at most 64 KiB. @throws MemoryArtifactMissingError */
  get(key: string): Promise<MemoryArtifactDownload>;
  /** The stored bytes, or undefined. */
  bytes(key: string): Uint8Array | undefined;
  /** Every stored key, sorted. */
  keys(): string[];
}

export function createMemoryModelArtifacts(): MemoryModelArtifacts {
  const objects = new Map<string, { bytes: Uint8Array; contentType: string }>();
  return {
    async put(key, bytes, { contentType }) {
      const copy = new Uint8Array(bytes);
      objects.set(key, { bytes: copy, contentType });
      return { key, size: copy.byteLength, sha256: sha256Hex(copy) };
    },
    async delete(key) {
      return objects.delete(key);
    },
    async list(prefix) {
      return [...objects.keys()].filter((k) => k.startsWith(prefix)).sort().map((key) => ({ key }));
    },
    async get(key) {
      const object = objects.get(key);
      if (!object) throw new MemoryArtifactMissingError(key);
      const bytes = object.bytes;
      async function* chunks(): AsyncIterable<Uint8Array> {
        for (let i = 0; i < bytes.byteLength; i += 65_536) yield bytes.slice(i, i + 65_536);
      }
      return { body: chunks(), size: bytes.byteLength, contentType: object.contentType };
    },
    bytes: (key) => objects.get(key)?.bytes.slice(),
    keys: () => [...objects.keys()].sort(),
  };
}
