import { AuthenticationError, NotAllowedError, NotFoundError, ValidationError, type FieldIssue } from '@embedding-studio/errors';
import type { Scope } from './scopes.js';

/** No `Authorization: Bearer <key>` header on a route that needs one. */
export class ApiKeyMissingError extends AuthenticationError {
  constructor() {
    super('API_KEY_MISSING', 'This route needs an API key; send it as "Authorization: Bearer <key>" (create one with `npx nx run api:keys -- create --scope <scope>`).');
  }
}

/** A malformed, unknown or revoked key. One message for all three, so a caller learns nothing about which. */
export class ApiKeyInvalidError extends AuthenticationError {
  constructor() {
    super('API_KEY_INVALID', 'The API key is malformed, unknown or revoked; ask an admin for a valid key (GET /api/v1/keys lists them).');
  }
}

/** A valid key whose scope does not reach the route. */
export class ApiKeyScopeError extends NotAllowedError {
  constructor(
    readonly keyScope: Scope,
    readonly requiredScope: Scope,
  ) {
    super('API_KEY_SCOPE_FORBIDDEN', `A key with scope "${keyScope}" cannot call this route; it needs a key with scope "${requiredScope}" (or "admin").`, {
      details: { scope: keyScope, required: requiredScope },
    });
  }
}

/** Invalid input to create a key; lists every bad field. */
export class ApiKeyValidationError extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super('API_KEYS_VALIDATION', issues);
  }
}

/** No key with this id. */
export class ApiKeyNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('API_KEY_NOT_FOUND', `No API key with id ${JSON.stringify(id)}; list the keys with GET /api/v1/keys.`, { details: { id } });
  }
}
