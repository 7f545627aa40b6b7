import type { SearchCollection, SearchProfile } from './model.js';
import type { SearchCatalogStore } from './ports.js';

/** The catalog in memory: for tests and single-process use. Same semantics as the Mongo store. */
export function createMemoryCatalogStore(): SearchCatalogStore {
  const collections = new Map<string, SearchCollection>();
  const profiles = new Map<string, Map<number, SearchProfile>>();
  const versionsOf = (name: string): Map<number, SearchProfile> => {
    let m = profiles.get(name);
    if (!m) profiles.set(name, (m = new Map()));
    return m;
  };
  return {
    async createCollection(collection) {
      const existing = collections.get(collection.name);
      if (existing) return { created: false, collection: structuredClone(existing) };
      collections.set(collection.name, structuredClone(collection));
      return { created: true, collection: structuredClone(collection) };
    },
    async getCollection(name) {
      const c = collections.get(name);
      return c ? structuredClone(c) : undefined;
    },
    async setFeedback(name, feedback) {
      const c = collections.get(name);
      if (!c) return undefined;
      c.feedback = structuredClone(feedback);
      return structuredClone(c);
    },
    async listCollections() {
      return [...collections.values()].sort((a, b) => a.name.localeCompare(b.name)).map((c) => structuredClone(c));
    },
    async insertProfile(profile) {
      const versions = versionsOf(profile.collection);
      if (versions.has(profile.version)) return false;
      versions.set(profile.version, structuredClone(profile));
      return true;
    },
    async getProfile(collection, version) {
      const p = profiles.get(collection)?.get(version);
      return p ? structuredClone(p) : undefined;
    },
    async activeProfile(collection) {
      const versions = [...(profiles.get(collection)?.values() ?? [])];
      const newest = versions.reduce<SearchProfile | undefined>((m, p) => (m && m.version > p.version ? m : p), undefined);
      return newest ? structuredClone(newest) : undefined;
    },
    async listProfiles(collection) {
      return [...(profiles.get(collection)?.values() ?? [])].sort((a, b) => b.version - a.version).map((p) => structuredClone(p));
    },
  };
}
