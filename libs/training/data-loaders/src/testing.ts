// Test helpers of @embedding-studio/data-loaders (builders, in-memory adapters, contract suites).
export {};
