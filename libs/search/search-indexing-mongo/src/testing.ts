// Test helpers of @embedding-studio/search-indexing-mongo (builders, in-memory adapters, contract suites).
export {};
