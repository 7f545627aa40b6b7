// In-memory comparison ports for unit tests and local runs.
import type { ComparisonEnd, ComparisonRecord, LoggedSearch } from '../lib/model.js';
import type { ComparisonSearchLog, ComparisonStore, StoredComparison } from '../lib/ports.js';

/** A `ComparisonStore` in memory, with the same insert-only semantics as the Mongo one. */
export function createMemoryComparisonStore(): ComparisonStore {
  const records = new Map<string, ComparisonRecord>();
  const ends = new Map<string, ComparisonEnd>();
  const stored = (r: ComparisonRecord): StoredComparison => {
    const end = ends.get(r.id);
    return structuredClone(end ? { record: r, end } : { record: r });
  };
  const ofCollection = (collection: string): ComparisonRecord[] => [...records.values()].filter((r) => r.collection === collection).sort((a, b) => b.seq - a.seq);
  return {
    async latest(collection) {
      const [newest] = ofCollection(collection);
      return newest ? stored(newest) : undefined;
    },
    async get(id) {
      const r = records.get(id);
      return r ? stored(r) : undefined;
    },
    async list(collection) {
      return ofCollection(collection).map(stored);
    },
    async running() {
      return [...records.values()].filter((r) => !ends.has(r.id)).map(stored);
    },
    async insert(record) {
      if (records.has(record.id)) return false;
      records.set(record.id, structuredClone(record));
      return true;
    },
    async end(end) {
      if (!ends.has(end.id)) ends.set(end.id, structuredClone(end));
      return structuredClone(ends.get(end.id) as ComparisonEnd);
    },
  };
}

export interface MemorySearchLog extends ComparisonSearchLog {
  /** Logs a search (as the session recorder would). */
  add(collection: string, search: LoggedSearch): void;
  /** Adds a click on `objectId` to a logged search. */
  click(searchId: string, objectId: string): void;
}

/** A `ComparisonSearchLog` in memory. */
export function createMemorySearchLog(): MemorySearchLog {
  const searches: { collection: string; search: LoggedSearch }[] = [];
  const markOf = (s: LoggedSearch): unknown => (s.search_meta?.['comparison'] as { id?: unknown } | undefined)?.id;
  return {
    add(collection, search) {
      searches.push({ collection, search: structuredClone(search) });
    },
    click(searchId, objectId) {
      const hit = searches.find((s) => s.search.search_id === searchId);
      if (!hit) throw new Error(`no logged search ${searchId}`);
      hit.search.clicks.push(objectId);
    },
    async comparisonSearches(collection, comparisonId) {
      return searches.filter((s) => s.collection === collection && markOf(s.search) === comparisonId).map((s) => structuredClone(s.search));
    },
    async profileSearches(collection, version, limit) {
      return searches
        .filter((s) => s.collection === collection && s.search.search_meta?.['profile_version'] === version && markOf(s.search) === undefined)
        .sort((a, b) => b.search.created_at - a.search.created_at)
        .slice(0, limit)
        .map((s) => structuredClone(s.search));
    },
  };
}
