// Test helpers of @embedding-studio/search-quality-mongo (builders, in-memory adapters, contract suites).
export {};
