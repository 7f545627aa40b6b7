// Test helpers of @embedding-studio/fine-tuning-builder (builders, in-memory adapters, contract suites).
export {};
