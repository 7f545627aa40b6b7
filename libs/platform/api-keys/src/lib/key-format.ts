import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A key reads `esk_<id>_<secret>`: `id` is 16 lowercase hex characters (public: it names the key
 * in lists, logs and revocations), `secret` is 256 random bits in base64url (43 characters).
 * Only `sha256(secret)` is stored. A slow password hash (bcrypt, scrypt, argon2) protects
 * low-entropy secrets that people choose; a 256-bit random secret cannot be guessed or
 * brute-forced from its hash, so one fast hash is as safe and keeps verification at a few
 * microseconds per request.
 */
const KEY_PATTERN = /^esk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface ParsedKey {
  id: string;
  secret: string;
}

export function parseKey(key: string): ParsedKey | undefined {
  const m = KEY_PATTERN.exec(key);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

export function generateKey(random: (bytes: number) => Buffer = randomBytes): { id: string; secret: string; key: string } {
  const id = random(8).toString('hex');
  const secret = random(32).toString('base64url');
  return { id, secret, key: `esk_${id}_${secret}` };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two hex digests in constant time. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
