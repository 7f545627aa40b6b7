// Test helpers of @embedding-studio/fine-tuning-agenda (builders, in-memory adapters, contract suites).
export {};
