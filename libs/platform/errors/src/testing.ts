// Test helpers of @embedding-studio/errors (builders, in-memory adapters, contract suites).
export {};
