import type { Scope } from './scopes.js';

/** A stored key: never the secret, only its sha256. */
export interface ApiKeyRecord {
  id: string;
  scope: Scope;
  /** Free text to tell keys apart ("checkout page", "nightly export"). */
  name: string;
  /** Hex sha256 of the secret. */
  secretHash: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds, when revoked. */
  revokedAt?: number;
}

/**
 * Where keys live. `get` is a lookup by id; `revoke` must be idempotent (the first revocation
 * time wins) and must not need a read-modify-write of the key record.
 */
export interface ApiKeyStore {
  insert(record: ApiKeyRecord): Promise<void>;
  get(id: string): Promise<ApiKeyRecord | null>;
  /** Every key, newest first. */
  list(): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked at `at`; a second call keeps the first time. */
  revoke(id: string, at: number): Promise<void>;
}
