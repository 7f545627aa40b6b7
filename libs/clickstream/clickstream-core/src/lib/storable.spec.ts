import { DEFAULT_CLICKSTREAM_LIMITS } from './limits.js';
import { parseNewEvents, parseNewSession } from './parse.js';

// Each of these reached MongoDB/FerretDB and failed there with a 500 before (found by the API fuzzer).
describe('meta with an array directly inside an array (FerretDB cannot store it) is rejected with 422', () => {
  const session = (meta: unknown) => ({ session_id: 's', search_query: 'q', search_results: [{ object_id: 'a', meta }], search_meta: meta });
  it.each([
    ['an array inside an array', { a: [1, [2]] }, 'holds an array directly inside an array at a[1]'],
    ['an empty array inside an array', { x: [[]] }, 'holds an array directly inside an array at x[0]'],
    ['arrays two levels down', { o: { p: [[1]] } }, 'holds an array directly inside an array at o.p[0]'],
  ])('%s', (_name, meta, message) => {
    expect(() => parseNewSession(session(meta), DEFAULT_CLICKSTREAM_LIMITS)).toThrow(
      expect.objectContaining({ code: 'CLICKSTREAM_VALIDATION', issues: expect.arrayContaining([{ field: 'search_meta', message: expect.stringContaining(message) }, { field: 'search_results.0.meta', message: expect.stringContaining(message) }]) }),
    );
    expect(() => parseNewEvents({ session_id: 's', events: [{ event_id: 'e', object_id: 'a', meta }] }, DEFAULT_CLICKSTREAM_LIMITS)).toThrow(
      expect.objectContaining({ issues: [{ field: 'events.0.meta', message: expect.stringContaining(message) }] }),
    );
  });

  it('keeps accepting arrays of objects and objects of arrays', () => {
    expect(() => parseNewSession(session({ a: [{ b: [1, 2] }], c: { d: [] } }), DEFAULT_CLICKSTREAM_LIMITS)).not.toThrow();
  });
});
