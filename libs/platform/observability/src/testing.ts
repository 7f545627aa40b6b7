// Test helpers of @embedding-studio/observability (builders, in-memory adapters, contract suites).
export {};
