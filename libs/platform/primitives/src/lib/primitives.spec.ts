import { runInNewContext } from 'node:vm';
import { createTestClock, createTickingStopwatch } from '../testing.js';
import { canonicalJson, epochSeconds, isPlainObject, sha256Hex, systemClock, systemStopwatch } from '../index.js';

describe('systemClock', () => {
  it('reads epoch milliseconds', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe('epochSeconds', () => {
  it('floors the clock time to whole seconds', () => {
    expect(epochSeconds(createTestClock(1_700_000_000_999))).toBe(1_700_000_000);
  });
});

describe('stopwatches', () => {
  it('the system stopwatch never goes back; the ticking one moves by its step per reading', () => {
    const a = systemStopwatch.elapsedMs();
    expect(systemStopwatch.elapsedMs()).toBeGreaterThanOrEqual(a);
    const t = createTickingStopwatch(5);
    expect([t.elapsedMs(), t.elapsedMs()]).toEqual([5, 10]);
  });
});

describe('createTestClock', () => {
  it('stays put until moved, by ms or to a date', () => {
    const clock = createTestClock(1000);
    expect([clock.now(), clock.now()]).toEqual([1000, 1000]);
    clock.advance(250);
    expect(clock.now()).toBe(1250);
    clock.set(new Date(5000));
    expect(clock.now()).toBe(5000);
  });

  it('ticks after each reading when asked to', () => {
    const clock = createTestClock(new Date(10), { tickMs: 1 });
    expect([clock.now(), clock.now(), clock.now()]).toEqual([10, 11, 12]);
  });
});

describe('isPlainObject', () => {
  it('accepts object literals, null-prototype objects and plain objects of another realm', () => {
    expect(isPlainObject({ a: 1 })).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject(runInNewContext('({ a: 1 })'))).toBe(true);
  });

  it('rejects arrays, class instances, built-ins and non-objects', () => {
    class Params {}
    for (const value of [[], new Params(), new Date(), new Map(), null, 'x', 1]) expect(isPlainObject(value)).toBe(false);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});

describe('sha256Hex', () => {
  it('hashes strings as UTF-8 and bytes as they are', () => {
    const empty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(sha256Hex('')).toBe(empty);
    expect(sha256Hex(new Uint8Array())).toBe(empty);
    expect(sha256Hex('é')).toBe(sha256Hex(new TextEncoder().encode('é')));
  });
});
