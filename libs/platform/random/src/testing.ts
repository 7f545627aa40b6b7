// Test helpers of @embedding-studio/random (builders, in-memory adapters, contract suites).
export {};
