import { Schema, type Connection, type Model } from 'mongoose';
import type { ApiKeyRecord, ApiKeyStore } from '@embedding-studio/api-keys';
import { ensureCollections, isDuplicateKeyError, withMongoErrors } from '@embedding-studio/mongo';

/** Collection names; both are owned by this adapter. */
export const API_KEY_COLLECTIONS = { keys: 'api_keys', revocations: 'api_key_revocations' } as const;

interface KeyDoc {
  /** = key id. */
  _id: string;
  scope: ApiKeyRecord['scope'];
  name: string;
  secret_hash: string;
  created_at: number;
}

interface RevocationDoc {
  /** = key id: a second revocation is a duplicate `_id`, so the first time wins. */
  _id: string;
  revoked_at: number;
}

export interface MongoApiKeyStoreOptions {
  connection: Connection;
}

/**
 * ApiKeyStore on MongoDB or FerretDB. Verification reads by `_id` only (the key, then its
 * revocation). A revocation is an insert into its own collection, never an update of the key,
 * so concurrent revocations need no read-modify-write.
 */
export async function createMongoApiKeyStore(options: MongoApiKeyStoreOptions): Promise<ApiKeyStore> {
  const { connection } = options;
  const keys = (connection.models['ApiKey'] as Model<KeyDoc> | undefined) ?? connection.model<KeyDoc>(
    'ApiKey',
    new Schema<KeyDoc>({ _id: String, scope: String, name: String, secret_hash: String, created_at: Number }, { collection: API_KEY_COLLECTIONS.keys, versionKey: false }),
  );
  const revocations = (connection.models['ApiKeyRevocation'] as Model<RevocationDoc> | undefined) ?? connection.model<RevocationDoc>(
    'ApiKeyRevocation',
    new Schema<RevocationDoc>({ _id: String, revoked_at: Number }, { collection: API_KEY_COLLECTIONS.revocations, versionKey: false }),
  );
  await ensureCollections([keys, revocations]);

  const toRecord = (doc: KeyDoc, revokedAt: number | undefined): ApiKeyRecord => ({
    id: doc._id,
    scope: doc.scope,
    name: doc.name,
    secretHash: doc.secret_hash,
    createdAt: doc.created_at,
    ...(revokedAt === undefined ? {} : { revokedAt }),
  });

  return {
    insert: (record) =>
      withMongoErrors(async () => {
        await keys.create({ _id: record.id, scope: record.scope, name: record.name, secret_hash: record.secretHash, created_at: record.createdAt });
      }),
    get: (id) =>
      withMongoErrors(async () => {
        const doc = await keys.findById(id).lean<KeyDoc>();
        if (!doc) return null;
        const revoked = await revocations.findById(id).lean<RevocationDoc>();
        return toRecord(doc, revoked?.revoked_at);
      }),
    list: () =>
      withMongoErrors(async () => {
        const [docs, revoked] = await Promise.all([keys.find().lean<KeyDoc[]>(), revocations.find().lean<RevocationDoc[]>()]);
        const at = new Map(revoked.map((r) => [r._id, r.revoked_at]));
        return docs.map((d) => toRecord(d, at.get(d._id))).sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
      }),
    revoke: (id, at) =>
      withMongoErrors(async () => {
        try {
          await revocations.create({ _id: id, revoked_at: at });
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
        }
      }),
  };
}
