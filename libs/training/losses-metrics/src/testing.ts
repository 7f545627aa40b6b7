// Test helpers of @embedding-studio/losses-metrics (builders, in-memory adapters, contract suites).
export {};
