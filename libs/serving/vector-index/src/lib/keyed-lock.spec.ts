import { createKeyedLock } from './keyed-lock.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('createKeyedLock', () => {
  it('runs work of one key one at a time, in call order, and other keys alongside', async () => {
    const lock = createKeyedLock();
    const events: string[] = [];
    const job = (key: string, name: string) =>
      lock(key, async () => {
        events.push(`start ${name}`);
        await tick();
        events.push(`end ${name}`);
        return name;
      });
    const results = await Promise.all([job('a', 'a1'), job('a', 'a2'), job('b', 'b1')]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(events.indexOf('end a1')).toBeLessThan(events.indexOf('start a2'));
    expect(events.indexOf('start b1')).toBeLessThan(events.indexOf('end a1'));
  });

  it('keeps going after a failure', async () => {
    const lock = createKeyedLock();
    const failed = lock('a', async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    await expect(lock('a', async () => 'next')).resolves.toBe('next');
  });
});
