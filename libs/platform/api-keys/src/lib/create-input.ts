import type { FieldIssue } from '@embedding-studio/errors';
import { ApiKeyValidationError } from './errors.js';
import { SCOPES, isScope, type Scope } from './scopes.js';

export interface CreateKeyInput {
  scope: Scope;
  name: string;
}

const NAME_MAX = 200;

/** JSON Schema (2020-12) of the body {@link parseCreateKeyInput} accepts; the OpenAPI document uses it. */
export const CREATE_KEY_INPUT_SCHEMA = {
  type: 'object',
  required: ['scope'],
  additionalProperties: false,
  properties: {
    scope: { type: 'string', enum: [...SCOPES] },
    name: { type: 'string', maxLength: NAME_MAX },
  },
  examples: [{ scope: 'ingest', name: 'checkout page' }],
} as const;

/** Parses a create-key request; throws ApiKeyValidationError naming every bad field. */
export function parseCreateKeyInput(body: unknown): CreateKeyInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiKeyValidationError([{ field: 'body', message: 'must be a JSON object such as {"scope": "ingest", "name": "checkout page"}' }]);
  }
  const b = body as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  if (!isScope(b['scope'])) issues.push({ field: 'scope', message: `is required and must be one of ${SCOPES.map((s) => `"${s}"`).join(', ')}` });
  const name = b['name'];
  if (name !== undefined && (typeof name !== 'string' || name.length > NAME_MAX)) issues.push({ field: 'name', message: `must be a string of at most ${NAME_MAX} characters` });
  for (const k of Object.keys(b)) if (!(k in CREATE_KEY_INPUT_SCHEMA.properties)) issues.push({ field: k, message: 'is not a known field; send only "scope" and "name"' });
  if (issues.length > 0) throw new ApiKeyValidationError(issues);
  return { scope: b['scope'] as Scope, name: (name as string | undefined) ?? '' };
}
