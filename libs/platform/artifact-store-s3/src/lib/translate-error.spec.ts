import { isTransientS3Error, translateS3Error } from './translate-error.js';
import { s3Error } from './testing/fake-s3-client.js';
import { ArtifactNotFoundError } from '@embedding-studio/artifact-store';

const ctx = { endpoint: 'http://minio:9000', bucket: 'b', operation: 'GetObject', objectKey: 'p/k' };

describe('translateS3Error', () => {
  it('classifies transient failures', () => {
    expect(isTransientS3Error(s3Error('SlowDown', 503))).toBe(true);
    expect(isTransientS3Error(s3Error('Whatever', 502))).toBe(true);
    expect(isTransientS3Error(s3Error('TooManyRequests', 429))).toBe(true);
    expect(isTransientS3Error(Object.assign(new Error('timed out'), { name: 'TimeoutError' }))).toBe(true);
    expect(isTransientS3Error(Object.assign(new Error('x'), { code: 'ENOTFOUND' }))).toBe(true);
    const refused = new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:9000'), { code: 'ECONNREFUSED' }), Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' })]);
    expect(isTransientS3Error(refused)).toBe(true);
    // The SDK's retry layer may keep only the text of an error it cannot recognise as an Error.
    expect(isTransientS3Error(Object.assign(new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1'), { $metadata: { attempts: 1 } }))).toBe(true);
    expect(isTransientS3Error(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }))).toBe(false);
    expect(isTransientS3Error(s3Error('AccessDenied', 403))).toBe(false);
    expect(isTransientS3Error(s3Error('NoSuchBucket', 404))).toBe(false);
    expect(isTransientS3Error(new Error('plain'))).toBe(false);
    expect(isTransientS3Error(null)).toBe(false);
  });

  it('describes an AggregateError by its parts', () => {
    const refused = new AggregateError([Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' })], '');
    expect(translateS3Error(refused, ctx).message).toBe(
      'S3 GetObject of "p/k" at http://minio:9000 (bucket "b") failed: ECONNREFUSED, connect ECONNREFUSED 127.0.0.1:9000. The storage server is unreachable or overloaded; check that the endpoint is right and the server is running, then retry.',
    );
  });

  it('keeps the cause and passes app errors through', () => {
    const cause = s3Error('InvalidAccessKeyId', 403, 'The Access Key Id you provided does not exist in our records.');
    const translated = translateS3Error(cause, ctx);
    expect(translated).toMatchObject({ code: 'ARTIFACT_STORE_S3_REQUEST_FAILED', details: { s3Code: 'InvalidAccessKeyId', httpStatus: 403 } });
    expect(translated.cause).toBe(cause);
    const own = new ArtifactNotFoundError('k');
    expect(translateS3Error(own, ctx)).toBe(own);
  });
});
