// Test helpers of @embedding-studio/fine-tuning-runtime (builders, in-memory adapters, contract suites).
export {};
