import { createTaskIdGenerator, isTaskId } from './ids.js';

describe('createTaskIdGenerator', () => {
  it('builds ObjectId-like ids: seconds, a per-generator random part, then a counter', () => {
    const bytes = [Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 0x01]), Uint8Array.from([0xff, 0xff, 0xfe])];
    const next = createTaskIdGenerator(
      () => 1_700_000_000_500,
      () => bytes.shift()!,
    );
    // 1_700_000_000 = 0x6553f100; the counter starts after 0xfffffe and wraps at 2^24.
    expect(next()).toBe('6553f100' + 'deadbeef01' + 'ffffff');
    expect(next()).toBe('6553f100' + 'deadbeef01' + '000000');
    expect(next()).toBe('6553f100' + 'deadbeef01' + '000001');
  });

  it('never repeats within a generator and produces valid ids', () => {
    const next = createTaskIdGenerator();
    const ids = new Set(Array.from({ length: 1000 }, () => next()));
    expect(ids.size).toBe(1000);
    expect([...ids].every(isTaskId)).toBe(true);
    expect(isTaskId('65A1B2C3D4E5F60718293A4B')).toBe(true);
    expect(isTaskId('65a1b2c3d4e5f60718293a4')).toBe(false);
    expect(isTaskId(null)).toBe(false);
  });
});
