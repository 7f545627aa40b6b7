/**
 * Why a JSON value cannot be stored as a document field on every MongoDB-protocol server, or
 * undefined when it can. FerretDB refuses arrays directly inside arrays, and BSON refuses keys
 * holding a NUL character; keys starting with `$` are operators to the server.
 */
export function storableProblem(value: unknown, path = '', inArray = false): string | undefined {
  if (Array.isArray(value)) {
    if (inArray) return `holds an array directly inside an array${path ? ` at ${path}` : ''}; wrap the inner array in an object, e.g. {"values": [...]}`;
    for (let i = 0; i < value.length; i++) {
      const p = storableProblem(value[i], `${path}[${i}]`, true);
      if (p) return p;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return `holds a key with a NUL character${path ? ` under ${path}` : ''}; remove it`;
      if (k.startsWith('$')) return `holds the key ${JSON.stringify(k)}${path ? ` under ${path}` : ''}; keys may not start with "$"`;
      const p = storableProblem(v, path ? `${path}.${k}` : k, false);
      if (p) return p;
    }
  }
  return undefined;
}
