// Test helpers of @embedding-studio/mongo (builders, in-memory adapters, contract suites).
export {};
