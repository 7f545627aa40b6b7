/**
 * JSON Schemas (2020-12) of the inputs the parsers in parse.ts accept, for the OpenAPI document.
 * They describe shape and types; the configured size limits (ClickstreamLimits) are enforced by
 * the parsers with 413/422 and are not repeated here. schemas.spec.ts checks that the parsers
 * accept every example and reject what these schemas reject. See docs/adr/0012-openapi-from-parser-schemas.md.
 */
const id = { type: 'string', minLength: 1, pattern: '\\S' } as const;
const meta = { type: ['object', 'null'] } as const;
const timestamp = { type: ['integer', 'null'], minimum: 0 } as const;

const result = {
  type: 'object',
  required: ['object_id'],
  properties: { object_id: id, rank: { type: ['number', 'null'] }, meta },
} as const;

const results = { type: 'array', items: result } as const;

export const CLICKSTREAM_SCHEMAS = {
  newSession: {
    type: 'object',
    required: ['session_id', 'search_query', 'search_results'],
    properties: {
      session_id: id,
      search_query: { type: 'string' },
      search_results: results,
      search_meta: meta,
      user_id: { anyOf: [id, { type: 'null' }] },
      created_at: timestamp,
      is_irrelevant: { type: ['boolean', 'null'] },
    },
    examples: [{ session_id: 's-1', search_query: 'blue shoes', search_results: [{ object_id: 'a' }, { object_id: 'b', rank: 2, meta: { price: 10 } }], user_id: 'u-1' }],
  },
  appendResults: {
    type: 'object',
    required: ['session_id', 'search_results'],
    properties: { session_id: id, search_results: { ...results, minItems: 1 } },
    examples: [{ session_id: 's-1', search_results: [{ object_id: 'c' }] }],
  },
  newEvents: {
    type: 'object',
    required: ['session_id', 'events'],
    properties: {
      session_id: id,
      events: {
        type: 'array',
        items: {
          type: 'object',
          required: ['event_id', 'object_id'],
          properties: { event_id: id, object_id: id, event_type: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'null' }] }, created_at: timestamp, meta },
        },
      },
    },
    examples: [{ session_id: 's-1', events: [{ event_id: 'e-1', object_id: 'a' }] }],
  },
  /**
   * The bulk envelopes: the item list is checked here (a bad list is a 422 for the whole call); each
   * item is validated on its own and answered in its slot of the 200, so items are not constrained.
   */
  sessionsBulk: {
    type: 'object',
    required: ['sessions'],
    properties: { sessions: { type: 'array', minItems: 1, items: { description: 'A body of registerSession; refused items are answered in their slot' } } },
    examples: [{ sessions: [{ session_id: 's-1', search_query: 'blue shoes', search_results: [{ object_id: 'a' }] }] }],
  },
  eventsBulk: {
    type: 'object',
    required: ['events'],
    properties: { events: { type: 'array', minItems: 1, items: { description: 'An event of addEvents with its session_id; refused items are answered in their slot' } } },
    examples: [{ events: [{ session_id: 's-1', event_id: 'e-1', object_id: 'a' }] }],
  },
  sessionRef: { type: 'object', required: ['session_id'], properties: { session_id: id }, examples: [{ session_id: 's-1' }] },
  release: { type: 'object', required: ['release_id'], properties: { release_id: id }, examples: [{ release_id: 'r-1' }] },
  /** Query parameters, each as a string schema. */
  sessionQuery: { session_id: id },
  batchQuery: { batch_id: { type: 'string' } },
  batchSessionsQuery: { batch_id: id, after_number: { type: 'string', pattern: '^\\d+$' }, limit: { type: 'string', pattern: '^\\d+$' }, events_limit: { type: 'string', pattern: '^\\d+$' } },
} as const;
