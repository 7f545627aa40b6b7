import { randomBytes } from 'node:crypto';
import { ApiKeyInvalidError, ApiKeyMissingError, ApiKeyNotFoundError, ApiKeyScopeError } from './errors.js';
import { parseCreateKeyInput } from './create-input.js';
import { generateKey, hashSecret, parseKey, sameHash } from './key-format.js';
import { scopeReaches, type Scope } from './scopes.js';
import type { ApiKeyRecord, ApiKeyStore } from './store.js';

/** A key as lists show it: no hash, no secret. */
export type ApiKeyView = Omit<ApiKeyRecord, 'secretHash'>;

/** Who called: the key id (`bootstrap` for the key from the environment) and its scope. */
export interface ApiKeyIdentity {
  id: string;
  scope: Scope;
}

export interface ApiKeyServiceOptions {
  store: ApiKeyStore;
  /** Epoch milliseconds. @defaultValue Date.now */
  now?: () => number;
  /** Random bytes for new keys. @defaultValue crypto.randomBytes */
  random?: (bytes: number) => Buffer;
  /** An admin key that is not stored (from the environment), at least 32 characters. */
  bootstrapAdminKey?: string;
  /**
   * How long a verified key is trusted without asking the store again. A revocation reaches other
   * processes within this time; this process forgets a key it revokes at once. 0 asks every
   * time. @defaultValue 5000
   */
  cacheTtlMs?: number;
  /** Keys kept in that cache. @defaultValue 10000 */
  cacheSize?: number;
}

export interface ApiKeyService {
  /** Creates a key; the returned `key` is the only time the secret is shown. */
  create(input: unknown): Promise<{ key: string; record: ApiKeyView }>;
  list(): Promise<ApiKeyView[]>;
  revoke(id: string): Promise<ApiKeyView>;
  /** The caller behind a bearer token; throws ApiKeyMissingError / ApiKeyInvalidError. */
  verify(presented: string | undefined): Promise<ApiKeyIdentity>;
  /** verify(), then ApiKeyScopeError unless the key's scope reaches `required`. */
  authorize(presented: string | undefined, required: Scope): Promise<ApiKeyIdentity>;
}

export const BOOTSTRAP_KEY_ID = 'bootstrap';
const BOOTSTRAP_MIN_LENGTH = 32;

const view = ({ secretHash: _hash, ...rest }: ApiKeyRecord): ApiKeyView => rest;

export function createApiKeyService(options: ApiKeyServiceOptions): ApiKeyService {
  const { store } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? randomBytes;
  const ttl = options.cacheTtlMs ?? 5000;
  const cacheSize = options.cacheSize ?? 10_000;
  if (options.bootstrapAdminKey !== undefined && options.bootstrapAdminKey.length < BOOTSTRAP_MIN_LENGTH) {
    throw new RangeError(`bootstrapAdminKey must be at least ${BOOTSTRAP_MIN_LENGTH} characters (generate one with \`openssl rand -base64 32\`).`);
  }
  const bootstrapHash = options.bootstrapAdminKey === undefined ? undefined : hashSecret(options.bootstrapAdminKey);
  const cache = new Map<string, { record: ApiKeyRecord; until: number }>();

  const lookup = async (id: string): Promise<ApiKeyRecord | null> => {
    const hit = cache.get(id);
    if (hit && hit.until > now()) return hit.record;
    cache.delete(id);
    const record = await store.get(id);
    if (record && record.revokedAt === undefined && ttl > 0) {
      cache.set(id, { record, until: now() + ttl });
      if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    }
    return record;
  };

  const verify = async (presented: string | undefined): Promise<ApiKeyIdentity> => {
    if (presented === undefined || presented === '') throw new ApiKeyMissingError();
    const parsed = parseKey(presented);
    if (!parsed) {
      if (bootstrapHash !== undefined && sameHash(hashSecret(presented), bootstrapHash)) return { id: BOOTSTRAP_KEY_ID, scope: 'admin' };
      throw new ApiKeyInvalidError();
    }
    const record = await lookup(parsed.id);
    if (!record || record.revokedAt !== undefined || !sameHash(hashSecret(parsed.secret), record.secretHash)) throw new ApiKeyInvalidError();
    return { id: record.id, scope: record.scope };
  };

  return {
    async create(input) {
      const { scope, name } = parseCreateKeyInput(input);
      const { id, secret, key } = generateKey(random);
      const record: ApiKeyRecord = { id, scope, name, secretHash: hashSecret(secret), createdAt: now() };
      await store.insert(record);
      return { key, record: view(record) };
    },
    async list() {
      return (await store.list()).map(view);
    },
    async revoke(id) {
      const record = await store.get(id);
      if (!record) throw new ApiKeyNotFoundError(id);
      await store.revoke(id, now());
      cache.delete(id);
      return view((await store.get(id)) ?? record);
    },
    verify,
    async authorize(presented, required) {
      const identity = await verify(presented);
      if (!scopeReaches(identity.scope, required)) throw new ApiKeyScopeError(identity.scope, required);
      return identity;
    },
  };
}
