import { ArtifactInvalidContentTypeError, ArtifactInvalidKeyError } from '../errors.js';

/** Longest key, in characters. */
export const MAX_ARTIFACT_KEY_LENGTH = 512;
/** Longest `/`-separated segment, in characters (leaves room for the file store's suffixes under the usual 255-byte file name limit). */
export const MAX_ARTIFACT_SEGMENT_LENGTH = 200;
/** Suffix the file store gives its metadata sidecars; no key segment may end with it. */
export const RESERVED_SEGMENT_SUFFIX = '.meta.json';

const SEGMENT = /^[A-Za-z0-9._-]+$/;
const PREFIX_CHARS = /^[A-Za-z0-9._/-]*$/;
const BAD_CHAR = /[^A-Za-z0-9._-]/;
const MAX_CONTENT_TYPE_LENGTH = 255;
const CONTENT_TYPE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * Why `key` is not a valid artifact key, or `null` when it is. A key is a `/`-separated relative
 * path of one or more segments made of `A-Z a-z 0-9 . _ -`; no segment is empty, `.` or `..`, or
 * longer than {@link MAX_ARTIFACT_SEGMENT_LENGTH} or ends with {@link RESERVED_SEGMENT_SUFFIX}; the
 * key has no leading or trailing `/` and at most {@link MAX_ARTIFACT_KEY_LENGTH} characters.
 */
export function artifactKeyProblem(key: unknown): string | null {
  if (typeof key !== 'string') return `a key must be a string, got ${key === null ? 'null' : typeof key}`;
  if (key.length === 0) return 'a key must not be empty';
  if (key.length > MAX_ARTIFACT_KEY_LENGTH) return `a key has at most ${MAX_ARTIFACT_KEY_LENGTH} characters, this one has ${key.length}`;
  if (key.startsWith('/')) return 'a key is a relative path and must not start with "/"';
  if (key.endsWith('/')) return 'a key names an object, not a folder, and must not end with "/"';
  for (const segment of key.split('/')) {
    const problem = segmentProblem(segment);
    if (problem) return problem;
    if (segment.endsWith(RESERVED_SEGMENT_SUFFIX)) return `segment ${JSON.stringify(segment)} ends with ${JSON.stringify(RESERVED_SEGMENT_SUFFIX)}, which is reserved for metadata files`;
  }
  return null;
}

/** True when `key` follows the key rules of {@link artifactKeyProblem}. */
export function isValidArtifactKey(key: unknown): key is string {
  return artifactKeyProblem(key) === null;
}

/** Throws `ArtifactInvalidKeyError` (`ARTIFACT_STORE_INVALID_KEY`) naming the key and the broken rule. */
export function assertValidArtifactKey(key: unknown): asserts key is string {
  const problem = artifactKeyProblem(key);
  if (problem !== null) throw new ArtifactInvalidKeyError(String(key), problem);
}

/**
 * Checks a `list` prefix: `''`, or a start of a valid key (the same characters, no leading `/`, no
 * empty, `.` or `..` segment before a `/`). Throws `ArtifactInvalidKeyError` otherwise.
 */
export function assertValidArtifactPrefix(prefix: unknown): asserts prefix is string {
  const problem = prefixProblem(prefix);
  if (problem !== null) throw new ArtifactInvalidKeyError(String(prefix), problem, 'prefix');
}

function prefixProblem(prefix: unknown): string | null {
  if (typeof prefix !== 'string') return `a prefix must be a string, got ${prefix === null ? 'null' : typeof prefix}`;
  if (prefix.length > MAX_ARTIFACT_KEY_LENGTH) return `a prefix has at most ${MAX_ARTIFACT_KEY_LENGTH} characters, this one has ${prefix.length}`;
  if (!PREFIX_CHARS.test(prefix)) return `a prefix holds only A-Z a-z 0-9 . _ - and /, found ${JSON.stringify(prefix.match(/[^A-Za-z0-9._/-]/)?.[0])}`;
  if (prefix.startsWith('/')) return 'a prefix is a relative path and must not start with "/"';
  const complete = prefix.split('/').slice(0, -1);
  for (const segment of complete) {
    const problem = segmentProblem(segment);
    if (problem) return problem;
  }
  return null;
}

function segmentProblem(segment: string): string | null {
  if (segment.length === 0) return 'a key must not contain an empty segment ("//")';
  if (segment === '.' || segment === '..') return `a key must not contain a ${JSON.stringify(segment)} segment`;
  if (!SEGMENT.test(segment)) {
    const bad = segment.match(BAD_CHAR)?.[0] ?? '';
    return `segment ${JSON.stringify(segment)} holds ${JSON.stringify(bad)}; segments use only A-Z a-z 0-9 . _ -`;
  }
  if (segment.length > MAX_ARTIFACT_SEGMENT_LENGTH) return `a segment has at most ${MAX_ARTIFACT_SEGMENT_LENGTH} characters, one has ${segment.length}`;
  return null;
}

/** Throws `ArtifactInvalidContentTypeError` unless `contentType` is 1–255 printable ASCII characters without surrounding spaces. */
export function assertValidContentType(contentType: unknown): asserts contentType is string {
  if (typeof contentType !== 'string') throw new ArtifactInvalidContentTypeError(String(contentType), 'must be a string');
  if (contentType.length === 0 || contentType.length > MAX_CONTENT_TYPE_LENGTH) {
    throw new ArtifactInvalidContentTypeError(contentType, `must have 1 to ${MAX_CONTENT_TYPE_LENGTH} characters, has ${contentType.length}`);
  }
  if (!CONTENT_TYPE.test(contentType)) {
    throw new ArtifactInvalidContentTypeError(contentType, 'must be printable ASCII without leading or trailing spaces');
  }
}
