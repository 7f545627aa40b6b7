import type { Connection } from 'mongoose';
import type { SearchCatalogStore, SearchCollection, SearchProfile } from '@embedding-studio/search-core';
import { ensureCollections, isDuplicateKeyError, newestRevision, withMongoErrors } from '@embedding-studio/mongo';
import { catalogModels, type CollectionDoc, type HeadDoc, type ProfileDoc } from './schemas.js';

export interface MongoCatalogStoreOptions {
  connection: Connection;
}

const profileId = (collection: string, version: number): string => `${collection}:${version}`;

/**
 * The search catalog on MongoDB / FerretDB. Its only atomic primitive is the unique `_id`: a
 * collection is created by inserting `_id = name`, and a profile switch inserts
 * `<collection>:<version + 1>`, which exactly one of any number of racing writers gets. No
 * conditional updates are relied on (FerretDB does not make them atomic), and reads of the
 * active profile are `_id` lookups forward from the newest version known (no scans on the search
 * path). See docs/adr/0004-task-state-on-unique-keys.md for the pattern.
 */
export async function createMongoCatalogStore(options: MongoCatalogStoreOptions): Promise<SearchCatalogStore> {
  const m = catalogModels(options.connection);
  await ensureCollections(m);
  /** Stored profiles never change, so each is read from the server once per process. */
  const seen = new Map<string, SearchProfile>();

  const readProfile = async (collection: string, version: number): Promise<SearchProfile | undefined> => {
    const id = profileId(collection, version);
    const hit = seen.get(id);
    if (hit) return structuredClone(hit);
    const doc = await m.profiles.findById(id).lean<ProfileDoc>();
    if (!doc) return undefined;
    seen.set(id, doc.profile);
    return structuredClone(doc.profile);
  };

  const newestFrom = (collection: string, known: SearchProfile): Promise<SearchProfile> => newestRevision(known, (k) => readProfile(collection, k.version + 1));

  return {
    createCollection: (collection) =>
      withMongoErrors(async () => {
        try {
          await m.collections.create({ _id: collection.name, collection } satisfies CollectionDoc);
          return { created: true, collection: structuredClone(collection) };
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          const doc = await m.collections.findById(collection.name).lean<CollectionDoc>();
          if (!doc) throw error;
          return { created: false, collection: doc.collection };
        }
      }),

    getCollection: (name) => withMongoErrors(async () => (await m.collections.findById(name).lean<CollectionDoc>())?.collection),

    listCollections: () =>
      withMongoErrors(async () => {
        const docs = await m.collections.find({}).lean<CollectionDoc[]>();
        return docs.map((d) => d.collection).sort((a: SearchCollection, b: SearchCollection) => a.name.localeCompare(b.name));
      }),

    insertProfile: (profile) =>
      withMongoErrors(async () => {
        try {
          await m.profiles.create({ _id: profileId(profile.collection, profile.version), collection: profile.collection, version: profile.version, profile } satisfies ProfileDoc);
        } catch (error) {
          if (isDuplicateKeyError(error)) return false;
          throw error;
        }
        // The head is only a hint for readers; a lost or reordered write leaves it behind, never ahead.
        await m.heads.updateOne({ _id: profile.collection }, { $max: { version: profile.version } }, { upsert: true }).catch((error: unknown) => {
          if (!isDuplicateKeyError(error)) throw error;
        });
        return true;
      }),

    getProfile: (collection, version) => withMongoErrors(() => readProfile(collection, version)),

    activeProfile: (collection, atLeast) =>
      withMongoErrors(async () => {
        let start = atLeast;
        if (start === undefined) start = (await m.heads.findById(collection).lean<HeadDoc>())?.version ?? 1;
        const known = (await readProfile(collection, start)) ?? (await readProfile(collection, 1));
        return known ? newestFrom(collection, known) : undefined;
      }),

    setFeedback: (name, feedback) =>
      withMongoErrors(async () => {
        // The whole feedback object is replaced (a lookup and update by _id).
        const doc = await m.collections.findOneAndUpdate({ _id: name }, { $set: { 'collection.feedback': feedback } }, { new: true }).lean<CollectionDoc>();
        return doc?.collection;
      }),

    listProfiles: (collection) =>
      withMongoErrors(async () => {
        const docs = await m.profiles.find({ collection }).lean<ProfileDoc[]>();
        return docs.map((d) => d.profile).sort((a, b) => b.version - a.version);
      }),
  };
}
