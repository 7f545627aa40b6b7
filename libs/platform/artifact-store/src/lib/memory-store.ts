import { Readable } from 'node:stream';
import { ArtifactNotFoundError } from '../errors.js';
import { DEFAULT_CONTENT_TYPE, type ArtifactBody, type ArtifactInfo, type ArtifactPutOptions, type ArtifactStore } from './artifact-store.js';
import { assertArtifactIntegrity } from './checksum.js';
import { assertValidArtifactKey, assertValidArtifactPrefix, assertValidContentType } from './keys.js';
import { sha256Hex, systemClock, type Clock } from '@embedding-studio/primitives';

/** Options of {@link createMemoryArtifactStore}. */
export interface MemoryArtifactStoreOptions {
  /** Source of `createdAt` timestamps (a test clock makes infos predictable in tests). @defaultValue systemClock */
  clock?: Clock;
}

const CHUNK = 64 * 1024;

/**
 * An {@link ArtifactStore} held in this process's memory: for tests and short-lived tools. It
 * copies bytes in and out, so callers may reuse their buffers.
 */
export function createMemoryArtifactStore(options: MemoryArtifactStoreOptions = {}): ArtifactStore {
  const clock = options.clock ?? systemClock;
  const objects = new Map<string, { info: ArtifactInfo; bytes: Uint8Array }>();

  const lookup = (key: string) => {
    assertValidArtifactKey(key);
    const entry = objects.get(key);
    if (!entry) throw new ArtifactNotFoundError(key, 'the in-memory store');
    return entry;
  };

  return {
    async put(key: string, body: Uint8Array, putOptions: ArtifactPutOptions = {}): Promise<ArtifactInfo> {
      assertValidArtifactKey(key);
      const contentType = putOptions.contentType ?? DEFAULT_CONTENT_TYPE;
      assertValidContentType(contentType);
      const bytes = Uint8Array.from(body);
      const info: ArtifactInfo = { key, size: bytes.byteLength, sha256: sha256Hex(bytes), contentType, createdAt: new Date(clock.now()) };
      objects.set(key, { info, bytes });
      return copyInfo(info);
    },

    async get(key: string): Promise<ArtifactBody> {
      const { info, bytes } = lookup(key);
      const copy = Uint8Array.from(bytes);
      function* chunks() {
        for (let at = 0; at < copy.byteLength; at += CHUNK) yield Buffer.from(copy.buffer, copy.byteOffset + at, Math.min(CHUNK, copy.byteLength - at));
      }
      return { info: copyInfo(info), body: Readable.from(chunks(), { objectMode: false }) };
    },

    async read(key: string): Promise<Uint8Array> {
      const { info, bytes } = lookup(key);
      assertArtifactIntegrity(info, bytes);
      return Uint8Array.from(bytes);
    },

    async head(key: string): Promise<ArtifactInfo | null> {
      assertValidArtifactKey(key);
      const entry = objects.get(key);
      return entry ? copyInfo(entry.info) : null;
    },

    async delete(key: string): Promise<boolean> {
      assertValidArtifactKey(key);
      return objects.delete(key);
    },

    async list(prefix: string): Promise<readonly ArtifactInfo[]> {
      assertValidArtifactPrefix(prefix);
      return [...objects.values()]
        .filter((e) => e.info.key.startsWith(prefix))
        .map((e) => copyInfo(e.info))
        .sort((a, b) => compareKeys(a.key, b.key));
    },
  };
}

function copyInfo(info: ArtifactInfo): ArtifactInfo {
  return { ...info, createdAt: new Date(info.createdAt.getTime()) };
}

/** Orders keys by UTF-16 code unit, which for the allowed ASCII characters is S3's byte order. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
