// Test helpers of @embedding-studio/search-indexing-runtime (builders, in-memory adapters, contract suites).
export {};
