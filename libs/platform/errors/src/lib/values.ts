/** A short, printable preview of any value for an error message: JSON, cut at 80 characters. */
export function previewValue(value: unknown): string {
  try {
    const s = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return typeof value;
  }
}

/**
 * A value safe to put in error `details`: scalars as they are, short arrays element by element,
 * anything else (objects, long arrays, functions) by its type, so details never carry large or
 * private data.
 */
export function toDetailValue(value: unknown): unknown {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value;
  if (Array.isArray(value)) return value.length <= 16 ? value.map(toDetailValue) : `array(${value.length})`;
  return typeof value;
}
