// Public API of @embedding-studio/api-client.
export { ApiClientError, createApiClient } from './lib/client.js';
export type { ApiClient, ApiClientOptions, OperationId } from './lib/client.js';
export { OPERATIONS } from './lib/operations.js';
export { renderClient, tsType } from './lib/render.js';
export type { OperationInputs } from './lib/operations.js';
