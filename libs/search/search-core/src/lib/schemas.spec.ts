import type { SearchCollection } from './model.js';
import { parseCollectionQuery, parseDeploy, parseFeedbackUpdate, parseItems, parseNewCollection, parseRollback, parseSearch } from './parse.js';
import { SEARCH_SCHEMAS as S } from './schemas.js';
import { DEFAULT_SEARCH_LIMITS as L } from './services.js';

const invalid = expect.objectContaining({ code: 'SEARCH_VALIDATION' });
const collection: SearchCollection = { name: 'docs', fields_to_embed: ['text'], model: { encoder: 'e' }, filterable_fields: {}, created_at: 0 };

describe('SEARCH_SCHEMAS agree with the parsers', () => {
  it.each([
    ['newCollection', S.newCollection, parseNewCollection],
    ['deploy', S.deploy, parseDeploy],
    ['rollback', S.rollback, parseRollback],
    ['feedbackUpdate', S.feedbackUpdate, parseFeedbackUpdate],
  ] as const)('%s: the parser accepts every example and rejects a body missing each required field or of the wrong type', (_name, schema, parse) => {
    for (const example of schema.examples) {
      expect(() => parse(example)).not.toThrow();
      for (const field of schema.required) {
        const { [field]: _dropped, ...rest } = example as Record<string, unknown>;
        expect(() => parse(rest)).toThrow(invalid);
        expect(() => parse({ ...example, [field]: 12 })).toThrow(invalid);
      }
    }
    for (const notObject of [null, [], 'x', 1]) expect(() => parse(notObject)).toThrow(invalid);
  });

  it('newCollection: rejects what the property schemas reject', () => {
    const ok = S.newCollection.examples[0];
    for (const bad of [
      { name: 'docs_v2' },
      { name: '1docs' },
      { name: 'a'.repeat(49) },
      { ...ok, fields_to_embed: [] },
      { ...ok, fields_to_embed: ['id'] },
      { ...ok, fields_to_embed: Array.from({ length: 17 }, (_, i) => `f${i}`) },
      { ...ok, fields_to_embed: ['bad name'] },
      { ...ok, model: { encoder: '' } },
      { ...ok, model: 'e' },
      { ...ok, filterable_fields: { id: 'keyword' } },
      // names the vector index refuses for payload fields: refused here, before anything is stored
      { ...ok, filterable_fields: { _lang: 'keyword' } },
      { ...ok, filterable_fields: { 'a.b': 'keyword' } },
      { ...ok, fields_to_embed: ['a-b'] },
      { ...ok, filterable_fields: { lang: 'date' } },
      { ...ok, filterable_fields: [] },
      { ...ok, feedback: 'yes' },
      { ...ok, feedback: { settings: {} } },
    ]) {
      expect(() => parseNewCollection(bad)).toThrow(invalid);
    }
    expect(parseNewCollection({ name: 'docs' }).fields_to_embed).toEqual(['text']);
  });

  it('items: the parser accepts the example and rejects an empty list, a non-array and items without a usable id', () => {
    for (const example of S.items.examples) expect(parseItems(example, collection, L)).toHaveLength(example.length);
    for (const bad of [[], {}, 'x', [1], [{ text: 'a' }], [{ id: '', text: 'a' }], [{ id: 7, text: 'a' }], [{ id: 'x'.repeat(257), text: 'a' }]]) {
      expect(() => parseItems(bad, collection, L)).toThrow(invalid);
    }
  });

  it('search: the parser accepts both forms and rejects what the schema rejects', () => {
    const [fresh, more] = S.search.examples;
    expect(parseSearch(fresh, L).kind).toBe('new');
    expect(parseSearch(more, L).kind).toBe('more');
    for (const bad of [
      null,
      [],
      {},
      { query: 'q' },
      { collection: 'docs' },
      { collection: 'docs', query: '  ' },
      { collection: 'docs_v1', query: 'q' },
      { ...fresh, k: 0 },
      { ...fresh, k: 1.5 },
      { ...fresh, offset: -1 },
      { ...fresh, filter: [] },
      { ...fresh, user_id: 5 },
      { ...fresh, user_id: 'u'.repeat(257) },
      { search_id: '' },
      { search_id: 5 },
      { ...more, k: 0 },
      { ...more, offset: -1 },
    ]) {
      expect(() => parseSearch(bad, L)).toThrow(invalid);
    }
    expect(parseSearch({ ...fresh, user_id: null }, L)).toMatchObject({ user_id: null });
  });

  it('deploy and rollback: versions are integers from 1', () => {
    for (const v of [0, -1, 1.5, '2']) {
      expect(() => parseDeploy({ collection: 'docs', expected_version: v })).toThrow(invalid);
      expect(() => parseRollback({ collection: 'docs', to_version: v })).toThrow(invalid);
    }
  });

  it('collectionQuery: the parser takes a collection name and rejects what the schema rejects', () => {
    expect(parseCollectionQuery({ collection: 'docs' })).toBe('docs');
    for (const bad of [{}, { collection: '' }, { collection: 'docs_v3' }, { collection: '9docs' }, { collection: ['docs'] }]) {
      expect(() => parseCollectionQuery(bad)).toThrow(invalid);
    }
  });
});
