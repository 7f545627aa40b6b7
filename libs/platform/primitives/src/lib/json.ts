/** A value that survives `JSON.stringify` and `JSON.parse` unchanged. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSON object (task metadata, run parameters, model manifests). */
export type JsonObject = { readonly [key: string]: JsonValue };

/**
 * True for an object literal (or `Object.create(null)`), not for arrays, class instances or
 * built-ins. A plain object of another realm (a vm context, `structuredClone` under a test runner)
 * counts: its prototype is that realm's `Object.prototype`, whose own prototype is null.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * JSON with object keys sorted at every level (by UTF-16 code units); arrays keep their order.
 * Equal values give equal text, so the text can be hashed into a stable name.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${(value as readonly JsonValue[]).map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as JsonObject).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
