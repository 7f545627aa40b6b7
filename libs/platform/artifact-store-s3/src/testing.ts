// Test helpers of @embedding-studio/artifact-store-s3: an in-process fake S3 client for unit tests,
// and the settings and reachability check integration tests use.
export { createFakeS3Client, s3Error } from './lib/testing/fake-s3-client.js';
export type { FakeS3Client, FakeS3Object } from './lib/testing/fake-s3-client.js';
export { assertS3Reachable, s3TestConnectionFromEnv } from './lib/testing/test-env.js';
export type { S3TestConnection } from './lib/testing/test-env.js';
