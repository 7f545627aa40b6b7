import { readFileSync } from 'node:fs';
import { ARTIFACT_STORE_ERROR_CODES } from '@embedding-studio/artifact-store';
import { isAppError } from '@embedding-studio/errors';
import { ARTIFACT_STORE_S3_ERROR_CODES, ArtifactStoreS3RequestError } from './errors.js';

describe('error catalogue', () => {
  it('defines ARTIFACT_STORE_S3_REQUEST_FAILED as an internal AppError', () => {
    const e = new ArtifactStoreS3RequestError('refused', { bucket: 'b' });
    expect([e.code, e.category, e.name, e.details]).toEqual(['ARTIFACT_STORE_S3_REQUEST_FAILED', 'internal', 'ArtifactStoreS3RequestError', { bucket: 'b' }]);
    expect(isAppError(e)).toBe(true);
  });

  it('the README "Errors" table lists this lib’s code and every artifact-store code the store can throw', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Errors'), readme.indexOf('\n## ', readme.indexOf('## Errors') + 1));
    const documented = [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual([...ARTIFACT_STORE_S3_ERROR_CODES, ...ARTIFACT_STORE_ERROR_CODES]);
  });
});
