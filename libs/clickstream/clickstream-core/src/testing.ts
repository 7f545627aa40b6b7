// Test helpers of @embedding-studio/clickstream-core (builders, in-memory adapters, contract suites).
export {};
