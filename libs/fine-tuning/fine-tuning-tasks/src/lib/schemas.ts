import { TASK_STATUSES } from './model.js';
import { TASK_INPUT_LIMITS } from './parse.js';

const name = { type: 'string', minLength: 1, maxLength: TASK_INPUT_LIMITS.maxNameLength, pattern: '\\S' } as const;
const uint = { type: 'string', pattern: '^\\d*$' } as const;

/**
 * JSON Schemas (2020-12) of the inputs parseCreateTask and parseListQuery accept, for the OpenAPI
 * document. schemas.spec.ts checks the parsers against them. See docs/adr/0012-openapi-from-parser-schemas.md.
 */
export const TASK_SCHEMAS = {
  createTask: {
    type: 'object',
    required: ['fine_tuning_method'],
    properties: {
      fine_tuning_method: name,
      batch_id: { anyOf: [name, { type: 'null' }] },
      metadata: { type: ['object', 'null'] },
      idempotency_key: { anyOf: [{ type: 'string', pattern: '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$' }, { type: 'null' }] },
    },
    examples: [{ fine_tuning_method: 'default', metadata: { owner: 'search-team' }, idempotency_key: '123e4567-e89b-42d3-a456-426614174000' }],
  },
  /** Query parameters of the task list, each a string schema. */
  listQuery: { skip: uint, limit: uint, status: { type: 'string', enum: ['', ...TASK_STATUSES] } },
} as const;
