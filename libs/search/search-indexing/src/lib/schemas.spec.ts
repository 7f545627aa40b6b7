import { parseImportRequest } from './parse.js';
import { parseReindexRequest } from './reindex.js';
import { INDEXING_SCHEMAS as S } from './schemas.js';

const invalid = expect.objectContaining({ code: 'SEARCH_INDEXING_VALIDATION' });
const parseReindex = (body: unknown) => parseReindexRequest(body, ['all-minilm-l6-v2']);

describe('INDEXING_SCHEMAS agree with the parsers', () => {
  it.each([
    ['importRequest', S.importRequest, parseImportRequest],
    ['reindexRequest', S.reindexRequest, parseReindex],
  ] as const)('%s: the parser accepts every example and rejects a body missing each required field, of the wrong type or with an unknown field', (_name, schema, parse) => {
    for (const example of schema.examples) {
      expect(() => parse(example)).not.toThrow();
      expect(() => parse({ ...example, extra: 1 })).toThrow(invalid);
      for (const field of schema.required) {
        const { [field]: _dropped, ...rest } = example as Record<string, unknown>;
        expect(() => parse(rest)).toThrow(invalid);
        expect(() => parse({ ...example, [field]: 12 })).toThrow(invalid);
      }
    }
    for (const notObject of [null, [], 'x', 1]) expect(() => parse(notObject)).toThrow(invalid);
  });

  it('importRequest: rejects what the source, id_field and batch_size schemas reject', () => {
    for (const bad of [
      { source: {} },
      { source: { jsonl_path: 'a', s3_prefix: 'b' } },
      { source: { jsonl_path: 'a', bucket: 'my-data' } },
      { source: { jsonl_path: '   ' } },
      { source: { jsonl_path: 'a\u0000b' } },
      { source: { jsonl_path: 'a'.repeat(1025) } },
      { source: { s3_prefix: 'p', bucket: 'UPPER' } },
      { source: { s3_prefix: 'p', bucket: 'ab' } },
      { source: { s3_prefix: 'p', other: 1 } },
      { source: { jsonl_path: 'a' }, id_field: '' },
      { source: { jsonl_path: 'a' }, id_field: 'f'.repeat(65) },
      { source: { jsonl_path: 'a' }, batch_size: 0 },
      { source: { jsonl_path: 'a' }, batch_size: 1025 },
      { source: { jsonl_path: 'a' }, batch_size: 2.5 },
    ]) {
      expect(() => parseImportRequest(bad)).toThrow(invalid);
    }
    expect(() => parseImportRequest({ source: { jsonl_path: '\u001c' } })).not.toThrow();
  });

  it('reindexRequest: rejects what the gate schema rejects, and takes a null gate as the defaults', () => {
    const encoder = 'all-minilm-l6-v2';
    for (const gate of [
      [],
      'x',
      { unknown: 1 },
      { recall_sample: 0 },
      { recall_sample: 10_001 },
      { min_recall: 1.5 },
      { clicks_sample: -1 },
      { clicks_sample: 0.5 },
      { mrr_tolerance: -0.1 },
      { queries_tolerance: 2 },
      { queries: {} },
      { queries: [{ query: ' ', expected: ['a'] }] },
      { queries: [{ query: 'q', expected: [] }] },
      { queries: [{ query: 'q', expected: [1] }] },
      { queries: [{ query: 'q' }] },
    ]) {
      expect(() => parseReindex({ encoder, gate })).toThrow(invalid);
    }
    expect(() => parseReindex({ encoder, batch_size: 0 })).toThrow(invalid);
    expect(parseReindex({ encoder, gate: null }).gate.queries).toEqual([]);
  });
});
