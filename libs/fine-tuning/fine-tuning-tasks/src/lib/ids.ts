/** 24 hex digits: the shape of a MongoDB ObjectId, which task ids keep for 0.0.1 clients. */
const TASK_ID = /^[0-9a-f]{24}$/i;

/** True when `value` has the shape of a task id (24 hex digits, either case). */
export function isTaskId(value: unknown): value is string {
  return typeof value === 'string' && TASK_ID.test(value);
}

/**
 * Returns a generator of ObjectId-like ids: 4 bytes of creation time (seconds), 5 random bytes
 * fixed per generator, and a 3-byte counter starting at a random value. Ids from one generator
 * never repeat and sort by creation second.
 */
export function createTaskIdGenerator(nowMs: () => number = Date.now, random: (bytes: number) => Uint8Array = randomBytes): () => string {
  const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const processPart = hex(random(5));
  const start = random(3);
  let counter = ((start[0] ?? 0) << 16) | ((start[1] ?? 0) << 8) | (start[2] ?? 0);
  return () => {
    const seconds = Math.floor(nowMs() / 1000) >>> 0;
    counter = (counter + 1) % 0x1000000;
    return seconds.toString(16).padStart(8, '0') + processPart + counter.toString(16).padStart(6, '0');
  };
}

function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}
