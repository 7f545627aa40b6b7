import { isAppError } from '@embedding-studio/errors';
import { parseImportRequest, parseItemLine } from './parse.js';

function issues(body: unknown): Array<{ field: string }> {
  try {
    parseImportRequest(body);
  } catch (error) {
    if (isAppError(error)) return (error.details?.['issues'] as Array<{ field: string }>) ?? [];
    throw error;
  }
  throw new Error('accepted');
}

describe('parseImportRequest', () => {
  it('accepts a local path and an S3 prefix, with defaults', () => {
    expect(parseImportRequest({ source: { jsonl_path: 'a/items.jsonl' } })).toEqual({ source: { kind: 'jsonl', path: 'a/items.jsonl' }, id_field: 'id', batch_size: 64 });
    expect(parseImportRequest({ source: { s3_prefix: 'imports/', bucket: 'my-bucket' }, id_field: '_id', batch_size: 8 })).toEqual({
      source: { kind: 's3', prefix: 'imports/', bucket: 'my-bucket' },
      id_field: '_id',
      batch_size: 8,
    });
  });

  it.each([
    [null, '(body)'],
    [{}, 'source'],
    [{ source: {} }, 'source'],
    [{ source: { jsonl_path: 'a', s3_prefix: 'b' } }, 'source'],
    [{ source: { jsonl_path: '' } }, 'source.jsonl_path'],
    [{ source: { jsonl_path: 'a', bucket: 'b' } }, 'source.bucket'],
    [{ source: { s3_prefix: 'p', bucket: 'Bad_Bucket' } }, 'source.bucket'],
    [{ source: { s3_prefix: 7 } }, 'source.s3_prefix'],
    [{ source: { jsonl_path: 'a' }, batch_size: 0 }, 'batch_size'],
    [{ source: { jsonl_path: 'a' }, id_field: '' }, 'id_field'],
    [{ source: { jsonl_path: 'a' }, extra: 1 }, 'extra'],
  ])('rejects %j naming %s', (body, field) => {
    expect(issues(body).map((i) => i.field)).toContain(field);
  });
});

describe('parseItemLine', () => {
  it('takes the id field out and keeps the rest', () => {
    expect(parseItemLine('{"_id":"4983","title":"t","text":"x"}', '_id')).toEqual({ ok: true, item: { id: '4983', fields: { title: 't', text: 'x' } } });
    expect(parseItemLine('{"id":12,"text":"x"}', 'id')).toEqual({ ok: true, item: { id: '12', fields: { text: 'x' } } });
  });

  it.each([
    ['{"id":', '(line)'],
    ['[1,2]', '(line)'],
    ['{"text":"x"}', 'id'],
    ['{"id":"","text":"x"}', 'id'],
    ['{"id":1.5}', 'id'],
    [`{"id":"${'x'.repeat(257)}"}`, 'id'],
  ])('rejects %s naming %s', (line, field) => {
    const parsed = parseItemLine(line, 'id');
    expect(parsed).toMatchObject({ ok: false, field });
  });
});
