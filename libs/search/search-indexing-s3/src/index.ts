// Public API of @embedding-studio/search-indexing-s3. Name every export; nothing else is importable.
export { createS3ImportClient, openS3JsonlSource } from './lib/s3-source.js';
export type { S3ImportOptions, S3SendClient } from './lib/s3-source.js';
