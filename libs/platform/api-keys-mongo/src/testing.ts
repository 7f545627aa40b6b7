// Test helpers of @embedding-studio/api-keys-mongo (none yet: the contract suite lives in @embedding-studio/api-keys/testing).
export {};
