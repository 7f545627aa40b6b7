import { readFileSync } from 'node:fs';
import { isAppError, serializeError } from '@embedding-studio/errors';
import {
  ARTIFACT_STORE_ERROR_CODES,
  ArtifactIntegrityError,
  ArtifactInvalidContentTypeError,
  ArtifactInvalidKeyError,
  ArtifactNotFoundError,
  ArtifactStoreOptionsError,
  ArtifactStoreUnavailableError,
} from './errors.js';

const samples = [
  new ArtifactInvalidKeyError('a/../b', 'a key must not contain a ".." segment'),
  new ArtifactInvalidContentTypeError('', 'must have 1 to 255 characters, has 0'),
  new ArtifactNotFoundError('m/x.bin'),
  new ArtifactIntegrityError('m/x.bin', 'expected 3 bytes, read 2'),
  new ArtifactStoreUnavailableError('S3 at http://h:9000 (bucket b) is unreachable.', { endpoint: 'http://h:9000', bucket: 'b' }),
  new ArtifactStoreOptionsError('root', 'must be a non-empty folder path'),
];

describe('error catalogue', () => {
  it('has one class per listed code, each an AppError with its own name and category', () => {
    expect(samples.map((e) => [e.code, e.category, e.name])).toEqual([
      ['ARTIFACT_STORE_INVALID_KEY', 'input', 'ArtifactInvalidKeyError'],
      ['ARTIFACT_STORE_INVALID_CONTENT_TYPE', 'input', 'ArtifactInvalidContentTypeError'],
      ['ARTIFACT_STORE_NOT_FOUND', 'not-found', 'ArtifactNotFoundError'],
      ['ARTIFACT_STORE_INTEGRITY', 'internal', 'ArtifactIntegrityError'],
      ['ARTIFACT_STORE_UNAVAILABLE', 'unavailable', 'ArtifactStoreUnavailableError'],
      ['ARTIFACT_STORE_INVALID_OPTIONS', 'input', 'ArtifactStoreOptionsError'],
    ]);
    expect(samples.map((e) => e.code)).toEqual([...ARTIFACT_STORE_ERROR_CODES]);
    for (const e of samples) expect(isAppError(e)).toBe(true);
  });

  it('serialises with code and details', () => {
    expect(serializeError(new ArtifactNotFoundError('m/x.bin'))).toEqual({
      name: 'ArtifactNotFoundError',
      code: 'ARTIFACT_STORE_NOT_FOUND',
      category: 'not-found',
      message: 'No artifact is stored under key "m/x.bin"; check the key (list(prefix) shows what exists) or put it first.',
      details: { key: 'm/x.bin' },
    });
  });

  it('the README "Errors" table lists exactly these codes', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Errors'), readme.indexOf('\n## ', readme.indexOf('## Errors') + 1));
    const documented = [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual([...ARTIFACT_STORE_ERROR_CODES]);
  });
});
