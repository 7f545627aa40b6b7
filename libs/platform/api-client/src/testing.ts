// Test helpers of @embedding-studio/api-client (none yet).
export {};
