// Test helpers of @embedding-studio/search-indexing-s3 (none yet: its integration test runs on MinIO).
export {};
