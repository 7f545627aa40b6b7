// Public API of @embedding-studio/api-keys.
export { CREATE_KEY_INPUT_SCHEMA, parseCreateKeyInput } from './lib/create-input.js';
export type { CreateKeyInput } from './lib/create-input.js';
export { ApiKeyInvalidError, ApiKeyMissingError, ApiKeyNotFoundError, ApiKeyScopeError, ApiKeyValidationError } from './lib/errors.js';
export { generateKey, hashSecret, parseKey } from './lib/key-format.js';
export type { ParsedKey } from './lib/key-format.js';
export { createMemoryApiKeyStore } from './lib/memory-store.js';
export { SCOPES, isScope, scopeReaches } from './lib/scopes.js';
export type { Scope } from './lib/scopes.js';
export { BOOTSTRAP_KEY_ID, createApiKeyService } from './lib/service.js';
export type { ApiKeyIdentity, ApiKeyService, ApiKeyServiceOptions, ApiKeyView } from './lib/service.js';
export type { ApiKeyRecord, ApiKeyStore } from './lib/store.js';
