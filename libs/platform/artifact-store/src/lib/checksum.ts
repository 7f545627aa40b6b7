import { createHash } from 'node:crypto';
import { sha256Hex } from '@embedding-studio/primitives';
import { Transform, pipeline, type Readable } from 'node:stream';
import { ArtifactIntegrityError } from '../errors.js';
import type { ArtifactInfo } from './artifact-store.js';

/**
 * Throws `ArtifactIntegrityError` unless `bytes` has the size and sha256 that `info` records.
 * For adapters: `read` calls it before returning.
 */
export function assertArtifactIntegrity(info: Pick<ArtifactInfo, 'key' | 'size' | 'sha256'>, bytes: Uint8Array): void {
  if (bytes.byteLength !== info.size) {
    throw new ArtifactIntegrityError(info.key, `expected ${info.size} bytes, read ${bytes.byteLength}`, { expectedSize: info.size, actualSize: bytes.byteLength });
  }
  const actual = sha256Hex(bytes);
  if (actual !== info.sha256) {
    throw new ArtifactIntegrityError(info.key, `expected sha256 ${info.sha256}, read ${actual}`, { expectedSha256: info.sha256, actualSha256: actual });
  }
}

/**
 * Passes `source` through unchanged while hashing it; at the end the returned stream fails with
 * `ArtifactIntegrityError` when the bytes do not match `info`'s size and sha256. Errors of
 * `source` reach the returned stream, and destroying the returned stream destroys `source`
 * (so a file handle or socket is released when a reader stops early). For adapters' `get`.
 */
export function integrityCheckedStream(info: Pick<ArtifactInfo, 'key' | 'size' | 'sha256'>, source: NodeJS.ReadableStream | Readable): Readable {
  const hash = createHash('sha256');
  let size = 0;
  const checked = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      const actual = hash.digest('hex');
      if (size !== info.size) {
        callback(new ArtifactIntegrityError(info.key, `expected ${info.size} bytes, streamed ${size}`, { expectedSize: info.size, actualSize: size }));
      } else if (actual !== info.sha256) {
        callback(new ArtifactIntegrityError(info.key, `expected sha256 ${info.sha256}, streamed ${actual}`, { expectedSha256: info.sha256, actualSha256: actual }));
      } else {
        callback();
      }
    },
  });
  // The error (if any) is delivered on `checked` itself; the callback only keeps pipeline quiet.
  pipeline(source, checked, () => undefined);
  return checked;
}
