// Port names ↔ Weaviate names. Weaviate class (and alias) names must start with a capital letter
// and it capitalises the first letter of whatever it is given, so a port name `papers_v1` would come
// back as `Papers_v1`, indistinguishable from a collection really named `Papers_v1`. Prefixing every
// name with `C` keeps the mapping reversible: `papers_v1` ↔ `Cpapers_v1`, `Papers_v1` ↔ `CPapers_v1`.
import { assertValidName } from '@embedding-studio/vector-index';

const PREFIX = 'C';

/** The Weaviate class (or alias) name of a port collection (or alias) name. */
export function toClassName(name: string, field = 'collection name'): string {
  assertValidName(field, name);
  return `${PREFIX}${name}`;
}

/** The port name of a Weaviate class this adapter created, or `undefined` for a foreign class. */
export function fromClassName(className: string): string | undefined {
  if (!className.startsWith(PREFIX)) return undefined;
  const name = className.slice(PREFIX.length);
  return /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name) ? name : undefined;
}

/** Property of a declared payload field (Weaviate lower-cases a property's first letter otherwise). */
export const propertyOf = (field: string): string => `p_${field}`;
/** Property holding the port's document id (Weaviate object ids must be UUIDs). */
export const DOC_ID = 'doc_id';
/** Property holding the whole payload as JSON. */
export const PAYLOAD = 'payload_json';
