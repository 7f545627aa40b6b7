// Test helpers of @embedding-studio/config (builders, in-memory adapters, contract suites).
export {};
