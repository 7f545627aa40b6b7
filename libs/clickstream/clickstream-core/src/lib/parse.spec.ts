import { DEFAULT_CLICKSTREAM_LIMITS } from './limits.js';
import { parseNewSession } from './parse.js';

// Meta is checked by a quick walk first and by the exact walks only when something is wrong;
// these pin that both together answer as the exact checks alone did.
describe('meta checks', () => {
  const session = (meta: unknown) => ({ session_id: 's', search_query: 'q', search_results: [{ object_id: 'a', meta }] });
  const parse = (meta: unknown) => parseNewSession(session(meta), DEFAULT_CLICKSTREAM_LIMITS);
  const nested = (depth: number): unknown => (depth === 0 ? 1 : { n: nested(depth - 1) });

  it.each([
    ['a key starting with $', { a: { $x: 1 } }, 'search_results.0.meta.a.$x', 'has a key starting with "$"'],
    ['a key with a dot', { 'a.b': 1 }, 'search_results.0.meta.a.b', 'has a key containing "."'],
    ['an empty key', { '': 1 }, 'search_results.0.meta.', 'has an empty key'],
    ['a lone surrogate in a value', { a: ['ok', 'x\uD800'] }, 'search_results.0.meta.a.1', 'lone UTF-16 surrogate'],
    ['nesting deeper than the limit', nested(40), 'search_results.0.meta' + '.n'.repeat(DEFAULT_CLICKSTREAM_LIMITS.maxMetaDepth), 'nests deeper than 32 levels'],
    ['an array inside an array', { a: [1, [2]] }, 'search_results.0.meta', 'holds an array directly inside an array at a[1]'],
  ])('names the field of %s', (_name, meta, field, message) => {
    expect(() => parse(meta)).toThrow(expect.objectContaining({ code: 'CLICKSTREAM_VALIDATION', issues: [{ field, message: expect.stringContaining(message) }] }));
  });

  it('measures the size exactly near the limit: escapes count, multi-byte characters are not overestimated', () => {
    const max = DEFAULT_CLICKSTREAM_LIMITS.maxMetaBytes;
    // 2,800 control characters are 16,800 bytes once JSON escapes each one as \u0001.
    expect(() => parse({ t: '\u0001'.repeat(2800) })).toThrow(expect.objectContaining({ code: 'CLICKSTREAM_LIMIT_EXCEEDED', details: expect.objectContaining({ field: 'search_results.0.meta', limit: max }) }));
    // 5,000 two-byte characters are about 10,000 bytes: under the limit, although 6 bytes per unit would not be.
    expect(parse({ t: 'é'.repeat(5000) }).search_results[0]?.meta).toEqual({ t: 'é'.repeat(5000) });
    expect(() => parse({ t: 'a'.repeat(max) })).toThrow(expect.objectContaining({ code: 'CLICKSTREAM_LIMIT_EXCEEDED' }));
  });

  it('keeps what it accepts as received, `__proto__` keys and astral characters included', () => {
    const meta = JSON.parse('{"__proto__": {"x": 1}, "emoji": "🧀", "list": [{"a": null}, true, 2.5]}') as object;
    const parsed = parse(meta).search_results[0]?.meta;
    expect(parsed).toBe(meta);
    expect(Object.keys(parsed ?? {})).toEqual(['__proto__', 'emoji', 'list']);
  });
});
