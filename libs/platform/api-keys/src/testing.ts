// Test helpers of @embedding-studio/api-keys.
export { apiKeyStoreContract } from './lib/contract.js';
export { createMemoryApiKeyStore } from './lib/memory-store.js';
