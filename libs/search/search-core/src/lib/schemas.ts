/**
 * JSON Schemas (2020-12) of the bodies the parsers in parse.ts accept, for the OpenAPI document.
 * They describe shape and types; what depends on configuration or on the collection (SearchLimits,
 * the fields a collection embeds and filters on) is checked by the parsers and not repeated here.
 * schemas.spec.ts checks that the parsers accept every example and reject what these schemas
 * reject. See docs/adr/0012-openapi-from-parser-schemas.md.
 */
// Some text that is not all whitespace. Python's \s (which schema checkers may use) also counts
// \x1c-\x1f and \x85, which String.prototype.trim keeps: those count as text here too.
const NOT_BLANK = '[^\\s]|[\\x1c-\\x1f\\x85]';
const collectionName = {
  type: 'string',
  pattern: '^[A-Za-z][A-Za-z0-9_]{0,47}$',
  not: { pattern: '_v[0-9]+$' },
  description: '1 to 48 letters, digits or _, starting with a letter; not ending in _v<digits>',
} as const;
const fieldName = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' } as const;
const version = { type: 'integer', minimum: 1 } as const;
const feedbackSetting = {
  type: 'object',
  required: ['enabled'],
  properties: { enabled: { type: 'boolean' } },
  description: '{enabled, …settings}; the settings are the reranker’s, checked by it',
} as const;

export const SEARCH_SCHEMAS = {
  newCollection: {
    type: 'object',
    required: ['name'],
    properties: {
      name: collectionName,
      fields_to_embed: { type: 'array', minItems: 1, maxItems: 16, items: fieldName, not: { contains: { const: 'id' } } },
      model: { type: 'object', properties: { encoder: { type: 'string', minLength: 1 } } },
      filterable_fields: {
        type: 'object',
        propertyNames: { ...fieldName, not: { const: 'id' } },
        additionalProperties: { enum: ['keyword', 'text', 'int', 'float', 'bool'] },
      },
      feedback: { anyOf: [{ type: 'boolean' }, feedbackSetting] },
    },
    examples: [{ name: 'docs', fields_to_embed: ['title', 'text'], model: { encoder: 'all-minilm-l6-v2' }, filterable_fields: { lang: 'keyword', year: 'int' }, feedback: true }],
  },
  feedbackUpdate: { ...feedbackSetting, examples: [{ enabled: true }, { enabled: false }] },
  /** A JSON array of items; the text they need and the types of filterable fields depend on the collection. */
  items: {
    type: 'array',
    minItems: 1,
    items: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 256 } } },
    examples: [[{ id: 'a', text: 'blue running shoes' }, { id: 'b', text: 'red boots' }]],
  },
  search: {
    anyOf: [
      {
        type: 'object',
        required: ['collection', 'query'],
        properties: {
          collection: collectionName,
          query: { type: 'string', pattern: NOT_BLANK },
          k: { type: 'integer', minimum: 1 },
          offset: { type: 'integer', minimum: 0 },
          filter: { type: 'object', description: 'A filter on the collection’s filterable fields, e.g. {"field": "lang", "eq": "en"}' },
          user_id: { type: ['string', 'null'], maxLength: 256 },
        },
      },
      {
        type: 'object',
        required: ['search_id'],
        properties: { search_id: { type: 'string', minLength: 1 }, k: { type: 'integer', minimum: 1 }, offset: { type: 'integer', minimum: 0 } },
        description: 'The next page of an earlier search',
      },
    ],
    examples: [{ collection: 'docs', query: 'blue shoes', k: 5, user_id: 'u-1' }, { search_id: 'srch-1', offset: 5 }],
  },
  deploy: { type: 'object', required: ['collection'], properties: { collection: collectionName, expected_version: version }, examples: [{ collection: 'docs' }, { collection: 'docs', expected_version: 2 }] },
  /** Query parameters, each as a string schema: `GET /deployments?collection=<name>`. */
  collectionQuery: { collection: collectionName },
  rollback: { type: 'object', required: ['collection'], properties: { collection: collectionName, to_version: version }, examples: [{ collection: 'docs' }, { collection: 'docs', to_version: 1 }] },
} as const;
