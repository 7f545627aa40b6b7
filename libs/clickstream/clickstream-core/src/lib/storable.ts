/**
 * Why a JSON value cannot be stored on every MongoDB-protocol server although the key and text
 * checks of the parser pass, or undefined when it can: FerretDB refuses arrays directly inside
 * arrays (MongoDB accepts them), so a client must wrap the inner array in an object.
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
      const p = storableProblem(v, path ? `${path}.${k}` : k, false);
      if (p) return p;
    }
  }
  return undefined;
}
