// Test helpers of @embedding-studio/model-runtime (builders, in-memory adapters, contract suites).
export {};
