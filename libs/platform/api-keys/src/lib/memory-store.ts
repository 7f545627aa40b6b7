import type { ApiKeyRecord, ApiKeyStore } from './store.js';

/** An in-process ApiKeyStore, for tests and `ES_AUTH` experiments without a database. */
export function createMemoryApiKeyStore(): ApiKeyStore {
  const keys = new Map<string, ApiKeyRecord>();
  const revoked = new Map<string, number>();
  const withRevocation = (r: ApiKeyRecord): ApiKeyRecord => {
    const at = revoked.get(r.id);
    return at === undefined ? { ...r } : { ...r, revokedAt: at };
  };
  return {
    async insert(record) {
      if (keys.has(record.id)) throw new Error(`duplicate api key id ${record.id}`);
      keys.set(record.id, { ...record });
    },
    async get(id) {
      const r = keys.get(id);
      return r ? withRevocation(r) : null;
    },
    async list() {
      return [...keys.values()].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)).map(withRevocation);
    },
    async revoke(id, at) {
      if (!revoked.has(id)) revoked.set(id, at);
    },
  };
}
