// Test helpers of @embedding-studio/search-comparison-mongo (builders, in-memory adapters, contract suites).
export {};
