/**
 * JSON Schemas (2020-12) of the bodies parseImportRequest (parse.ts) and parseReindexRequest
 * (reindex.ts) accept, for the OpenAPI document. Whether a path may be read and which encoders a
 * deployment has are decided at run time and not repeated here. schemas.spec.ts checks that the
 * parsers accept every example and reject what these schemas reject. See
 * docs/adr/0012-openapi-from-parser-schemas.md.
 */
import { MAX_BATCH_SIZE } from './parse.js';

// Some text that is not all whitespace. Python's \s (which schema checkers may use) also counts
// \x1c-\x1f and \x85, which String.prototype.trim keeps: those count as text here too.
const NOT_BLANK = '[^\\s]|[\\x1c-\\x1f\\x85]';
const pathLike = { type: 'string', minLength: 1, maxLength: 1024, pattern: NOT_BLANK, not: { pattern: '\\u0000' } } as const;
const batchSize = { type: 'integer', minimum: 1, maximum: MAX_BATCH_SIZE } as const;
const fraction = { type: 'number', minimum: 0, maximum: 1 } as const;

export const INDEXING_SCHEMAS = {
  importRequest: {
    type: 'object',
    required: ['source'],
    additionalProperties: false,
    properties: {
      source: {
        oneOf: [
          { type: 'object', required: ['jsonl_path'], additionalProperties: false, properties: { jsonl_path: pathLike } },
          {
            type: 'object',
            required: ['s3_prefix'],
            additionalProperties: false,
            properties: { s3_prefix: pathLike, bucket: { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' } },
          },
        ],
      },
      id_field: { type: 'string', minLength: 1, maxLength: 64 },
      batch_size: batchSize,
    },
    examples: [{ source: { jsonl_path: 'items.jsonl' } }, { source: { s3_prefix: 'exports/2024/', bucket: 'my-data' }, id_field: 'sku', batch_size: 128 }],
  },
  reindexRequest: {
    type: 'object',
    required: ['encoder'],
    additionalProperties: false,
    properties: {
      encoder: { type: 'string', description: 'An encoder this deployment can load' },
      batch_size: batchSize,
      gate: {
        type: ['object', 'null'],
        additionalProperties: false,
        description: 'The gate the new version must pass before it goes live; null or absent for the defaults',
        properties: {
          recall_sample: { type: 'integer', minimum: 1, maximum: 10_000 },
          min_recall: fraction,
          clicks_sample: { type: 'integer', minimum: 0, maximum: 10_000 },
          mrr_tolerance: fraction,
          queries_tolerance: fraction,
          queries: {
            type: 'array',
            maxItems: 1000,
            items: {
              type: 'object',
              required: ['query', 'expected'],
              properties: { query: { type: 'string', pattern: NOT_BLANK }, expected: { type: 'array', minItems: 1, items: { type: 'string' } } },
            },
          },
        },
      },
    },
    examples: [{ encoder: 'all-minilm-l6-v2' }, { encoder: 'all-minilm-l6-v2', batch_size: 32, gate: { min_recall: 0.9, queries: [{ query: 'blue shoes', expected: ['a'] }] } }],
  },
} as const;
