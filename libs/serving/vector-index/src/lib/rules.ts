// Rules every adapter applies the same way: names, specs, documents, filters, requests.
import { VectorIndexInvalidInputError } from '../errors.js';
import type { CollectionSpec, Filter, FilterValue, IndexDoc, VectorSearchRequest } from './vector-index.js';

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const MAX_SEARCH_K = 1000;

/** Collection, alias, slot and payload field names: a letter, then letters, digits or `_` (at most 64). */
export function assertValidName(field: string, name: string): void {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new VectorIndexInvalidInputError(field, `${JSON.stringify(name)} must start with a letter and hold only letters, digits and "_" (at most 64)`);
  }
}

export function assertValidSpec(spec: CollectionSpec): void {
  assertValidName('collection name', spec.name);
  const slots = Object.entries(spec.vectors);
  if (slots.length === 0) throw new VectorIndexInvalidInputError('vectors', 'a collection needs at least one vector slot');
  for (const [slot, def] of slots) {
    assertValidName('vector slot', slot);
    if (!Number.isInteger(def.dims) || def.dims < 1 || def.dims > 65536) {
      throw new VectorIndexInvalidInputError(`vectors.${slot}.dims`, 'must be an integer between 1 and 65536');
    }
    if (def.metric !== 'cosine' && def.metric !== 'dot') throw new VectorIndexInvalidInputError(`vectors.${slot}.metric`, 'must be "cosine" or "dot"');
  }
  for (const [field, type] of Object.entries(spec.payload)) {
    assertValidName('payload field', field);
    if (field === 'id') throw new VectorIndexInvalidInputError('payload.id', '"id" is reserved for the document id');
    if (!['keyword', 'text', 'int', 'float', 'bool'].includes(type)) {
      throw new VectorIndexInvalidInputError(`payload.${field}`, 'must be keyword, text, int, float or bool');
    }
  }
}

/** Checks ids and vectors against the spec; `partial` allows documents that miss slots (upsert of existing ids). */
export function assertValidDocs(spec: CollectionSpec, docs: readonly IndexDoc[]): void {
  const seen = new Set<string>();
  docs.forEach((doc, i) => {
    if (typeof doc.id !== 'string' || doc.id.length === 0 || doc.id.length > 512) {
      throw new VectorIndexInvalidInputError(`docs.${i}.id`, 'must be a non-empty string of at most 512 characters');
    }
    if (seen.has(doc.id)) throw new VectorIndexInvalidInputError(`docs.${i}.id`, `${JSON.stringify(doc.id)} appears twice in one upsert`);
    seen.add(doc.id);
    for (const [slot, vector] of Object.entries(doc.vectors)) {
      const def = spec.vectors[slot];
      if (!def) throw new VectorIndexInvalidInputError(`docs.${i}.vectors.${slot}`, `collection ${spec.name} has no such slot`);
      if (!(vector instanceof Float32Array) || vector.length !== def.dims) {
        throw new VectorIndexInvalidInputError(`docs.${i}.vectors.${slot}`, `must be a Float32Array of ${def.dims} numbers`);
      }
      for (const x of vector) if (!Number.isFinite(x)) throw new VectorIndexInvalidInputError(`docs.${i}.vectors.${slot}`, 'holds a NaN or infinite number');
    }
    if (typeof doc.payload !== 'object' || doc.payload === null || Array.isArray(doc.payload)) {
      throw new VectorIndexInvalidInputError(`docs.${i}.payload`, 'must be an object');
    }
    for (const [field, type] of Object.entries(spec.payload)) {
      const value = doc.payload[field];
      if (value === undefined || value === null) continue;
      const ok =
        type === 'bool' ? typeof value === 'boolean' : type === 'int' ? Number.isSafeInteger(value) : type === 'float' ? typeof value === 'number' && Number.isFinite(value) : typeof value === 'string';
      if (!ok) throw new VectorIndexInvalidInputError(`docs.${i}.payload.${field}`, `must be ${type === 'int' ? 'an integer' : type === 'float' ? 'a finite number' : type === 'bool' ? 'a boolean' : 'a string'} (declared ${type}) or null`);
    }
  });
}

export function assertValidSearch(spec: CollectionSpec, request: VectorSearchRequest): void {
  const def = spec.vectors[request.slot];
  if (!def) throw new VectorIndexInvalidInputError('slot', `collection ${spec.name} has no slot ${JSON.stringify(request.slot)}`);
  if (!(request.vector instanceof Float32Array) || request.vector.length !== def.dims) {
    throw new VectorIndexInvalidInputError('vector', `must be a Float32Array of ${def.dims} numbers`);
  }
  for (const x of request.vector) if (!Number.isFinite(x)) throw new VectorIndexInvalidInputError('vector', 'holds a NaN or infinite number');
  if (request.text !== undefined && (typeof request.text !== 'string' || request.text.length > 4096)) {
    throw new VectorIndexInvalidInputError('text', 'must be a string of at most 4096 characters');
  }
  if (!Number.isInteger(request.k) || request.k < 1 || request.k > MAX_SEARCH_K) {
    throw new VectorIndexInvalidInputError('k', `must be an integer between 1 and ${MAX_SEARCH_K}`);
  }
  const offset = request.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset + request.k > 10 * MAX_SEARCH_K) {
    throw new VectorIndexInvalidInputError('offset', `must be an integer >= 0 with offset + k <= ${10 * MAX_SEARCH_K}`);
  }
  if (request.alpha !== undefined && !(request.alpha >= 0 && request.alpha <= 1)) throw new VectorIndexInvalidInputError('alpha', 'must be between 0 and 1');
  if (request.filter) assertValidFilter(spec, request.filter);
}

/** Filters may only name declared payload fields (or `id`), with values of the field's type. */
export function assertValidFilter(spec: CollectionSpec, filter: Filter, path = 'filter', depth = 0): void {
  if (depth > 16) throw new VectorIndexInvalidInputError(path, 'nests deeper than 16 levels');
  if (typeof filter !== 'object' || filter === null) throw new VectorIndexInvalidInputError(path, 'must be an object');
  if ('and' in filter || 'or' in filter) {
    const list = 'and' in filter ? filter.and : (filter as { or: Filter[] }).or;
    const op = 'and' in filter ? 'and' : 'or';
    if (!Array.isArray(list) || list.length === 0 || list.length > 64) throw new VectorIndexInvalidInputError(`${path}.${op}`, 'must be a list of 1 to 64 filters');
    list.forEach((f, i) => assertValidFilter(spec, f, `${path}.${op}.${i}`, depth + 1));
    return;
  }
  if ('not' in filter) return assertValidFilter(spec, filter.not, `${path}.not`, depth + 1);
  const field = (filter as { field?: unknown }).field;
  if (typeof field !== 'string') throw new VectorIndexInvalidInputError(`${path}.field`, 'must name a payload field');
  const type = field === 'id' ? 'keyword' : spec.payload[field];
  if (!type) throw new VectorIndexInvalidInputError(`${path}.field`, `${JSON.stringify(field)} is not a declared payload field of ${spec.name}`);
  const checkValue = (v: unknown, where: string): void => {
    const ok = type === 'bool' ? typeof v === 'boolean' : type === 'int' || type === 'float' ? typeof v === 'number' && Number.isFinite(v) : typeof v === 'string';
    if (!ok) throw new VectorIndexInvalidInputError(where, `must be a ${type === 'bool' ? 'boolean' : type === 'int' || type === 'float' ? 'number' : 'string'} for field ${field}`);
  };
  if ('eq' in filter) return checkValue(filter.eq, `${path}.eq`);
  if ('in' in filter) {
    if (!Array.isArray(filter.in) || filter.in.length === 0 || filter.in.length > 1024) throw new VectorIndexInvalidInputError(`${path}.in`, 'must be a list of 1 to 1024 values');
    filter.in.forEach((v, i) => checkValue(v, `${path}.in.${i}`));
    return;
  }
  const range = filter as { gte?: unknown; lte?: unknown; gt?: unknown; lt?: unknown };
  const bounds = (['gte', 'lte', 'gt', 'lt'] as const).filter((b) => range[b] !== undefined);
  if (bounds.length === 0) throw new VectorIndexInvalidInputError(path, 'needs one of eq, in, gte, lte, gt, lt');
  if (type !== 'int' && type !== 'float') throw new VectorIndexInvalidInputError(path, `range bounds need a numeric field; ${field} is ${type}`);
  for (const b of bounds) if (typeof range[b] !== 'number' || !Number.isFinite(range[b])) throw new VectorIndexInvalidInputError(`${path}.${b}`, 'must be a finite number');
}

/** Evaluates a filter on a document (the reference semantics adapters must match). */
export function matchesFilter(doc: { id: string; payload: Record<string, unknown> }, filter: Filter): boolean {
  if ('and' in filter) return filter.and.every((f) => matchesFilter(doc, f));
  if ('or' in filter) return filter.or.some((f) => matchesFilter(doc, f));
  if ('not' in filter) return !matchesFilter(doc, filter.not);
  const value = filter.field === 'id' ? doc.id : doc.payload[filter.field];
  if ('eq' in filter) return value === filter.eq;
  if ('in' in filter) return filter.in.includes(value as FilterValue);
  if (typeof value !== 'number') return false;
  const r = filter as { gte?: number; lte?: number; gt?: number; lt?: number };
  return (r.gte === undefined || value >= r.gte) && (r.lte === undefined || value <= r.lte) && (r.gt === undefined || value > r.gt) && (r.lt === undefined || value < r.lt);
}

/** Similarity under a metric; cosine assumes nothing about norms. */
export function similarity(metric: 'cosine' | 'dot', a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (metric === 'dot') return dot;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
