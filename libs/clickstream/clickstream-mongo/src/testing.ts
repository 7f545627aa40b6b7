// Test helpers of @embedding-studio/clickstream-mongo (builders, in-memory adapters, contract suites).
export {};
