import { DEFAULT_CLICKSTREAM_LIMITS } from './limits.js';
import { parseAppendResults, parseBulkEvent, parseBulkItems, parseNewEvents, parseNewSession, parseRelease, parseSessionRef } from './parse.js';
import { CLICKSTREAM_SCHEMAS as S } from './schemas.js';

const L = DEFAULT_CLICKSTREAM_LIMITS;

describe('CLICKSTREAM_SCHEMAS agree with the parsers', () => {
  it.each([
    ['newSession', S.newSession, (b: unknown) => parseNewSession(b, L)],
    ['appendResults', S.appendResults, (b: unknown) => parseAppendResults(b, L)],
    ['newEvents', S.newEvents, (b: unknown) => parseNewEvents(b, L)],
    ['sessionRef', S.sessionRef, (b: unknown) => parseSessionRef(b, L)],
    ['release', S.release, (b: unknown) => parseRelease(b, L)],
    ['sessionsBulk', S.sessionsBulk, (b: unknown) => parseBulkItems(b, 'sessions', L)],
    ['eventsBulk', S.eventsBulk, (b: unknown) => parseBulkItems(b, 'events', L)],
  ] as const)('%s: the parser accepts every example and rejects a body missing each required field or of the wrong type', (_name, schema, parse) => {
    for (const example of schema.examples) {
      expect(() => parse(example)).not.toThrow();
      for (const field of schema.required) {
        const { [field]: _dropped, ...rest } = example as Record<string, unknown>;
        expect(() => parse(rest)).toThrow(expect.objectContaining({ code: 'CLICKSTREAM_VALIDATION' }));
        expect(() => parse({ ...example, [field]: 12 })).toThrow(expect.objectContaining({ code: 'CLICKSTREAM_VALIDATION' }));
      }
    }
    for (const notObject of [null, [], 'x', 1]) expect(() => parse(notObject)).toThrow(expect.objectContaining({ code: 'CLICKSTREAM_VALIDATION' }));
  });

  it('rejects blank ids, negative timestamps and empty event types as the schemas do', () => {
    expect(() => parseNewSession({ ...S.newSession.examples[0], session_id: '  ' }, L)).toThrow();
    expect(() => parseNewSession({ ...S.newSession.examples[0], created_at: -1 }, L)).toThrow();
    expect(() => parseNewSession({ ...S.newSession.examples[0], created_at: 1.5 }, L)).toThrow();
    expect(() => parseNewEvents({ session_id: 's', events: [{ event_id: 'e', object_id: 'a', event_type: '' }] }, L)).toThrow();
    expect(() => parseAppendResults({ session_id: 's', search_results: [] }, L)).toThrow();
  });

  it('bulk: an empty item list is refused as the schemas say, and every example item passes its own parser', () => {
    expect(() => parseBulkItems({ sessions: [] }, 'sessions', L)).toThrow(expect.objectContaining({ code: 'CLICKSTREAM_VALIDATION' }));
    expect(() => parseBulkItems({ events: [] }, 'events', L)).toThrow(expect.objectContaining({ code: 'CLICKSTREAM_VALIDATION' }));
    for (const item of S.sessionsBulk.examples[0]!.sessions) expect(() => parseNewSession(item, L)).not.toThrow();
    for (const item of S.eventsBulk.examples[0]!.events) expect(() => parseBulkEvent(item, L)).not.toThrow();
  });
});
