import { Transform } from 'class-transformer';

/** Sentinel that fails validation with a readable message instead of silently coercing. */
export class InvalidEnvValue {
  constructor(readonly raw: unknown, readonly expected: string) {}
  toString(): string {
    return `${String(this.raw)} (expected ${this.expected})`;
  }
}

const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * `"true"|"1"|"yes"` → true, `"false"|"0"|"no"` → false, unset → undefined (so the class default
 * applies), anything else → invalid. Never relies on implicit conversion, where `"false"` is truthy.
 */
export function EnvBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (blank(value)) return undefined;
    if (typeof value === 'boolean') return value;
    const v = String(value).trim().toLowerCase();
    if (['true', '1', 'yes'].includes(v)) return true;
    if (['false', '0', 'no'].includes(v)) return false;
    return new InvalidEnvValue(value, 'true or false');
  });
}

/** Parses a decimal number; unset → undefined; garbage → invalid (not NaN). */
export function EnvNumber(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (blank(value)) return undefined;
    if (typeof value === 'number') return value;
    const v = String(value).trim();
    const n = Number(v);
    return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v) && Number.isFinite(n) ? n : new InvalidEnvValue(value, 'a number');
  });
}

/** Comma-separated list; unset → undefined; items trimmed, empty items dropped. */
export function EnvList(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (blank(value)) return undefined;
    if (Array.isArray(value)) return value.map(String);
    return String(value)
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  });
}

/** Trims strings; unset or blank → undefined so defaults apply. */
export function EnvString(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (blank(value) ? undefined : String(value).trim()));
}
