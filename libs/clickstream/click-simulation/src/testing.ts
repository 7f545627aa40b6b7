// Test helpers of @embedding-studio/click-simulation (builders, in-memory adapters, contract suites).
export {};
