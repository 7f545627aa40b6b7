// Test helpers of @embedding-studio/search-indexing-s3 (builders, in-memory adapters, contract suites).
export {};
