import { Schema, type Connection, type Model } from 'mongoose';
import type { SearchCollection, SearchProfile } from '@embedding-studio/search-core';

/** Collection names; every one is owned by this adapter. */
export const COLLECTIONS = {
  collections: 'search_collections',
  profiles: 'search_profiles',
  heads: 'search_profile_heads',
} as const;

/** A logical collection: `_id` = its name; inserted once. */
export interface CollectionDoc {
  _id: string;
  collection: SearchCollection;
}

/** One immutable profile version: `_id` = `<collection>:<version>`, so a switch is one unique insert. */
export interface ProfileDoc {
  _id: string;
  collection: string;
  version: number;
  profile: SearchProfile;
}

/**
 * A hint (`_id` = collection) of the newest version known to be stored. Written after the
 * profile insert and possibly behind it; readers look forward from it by `_id`.
 */
export interface HeadDoc {
  _id: string;
  version: number;
}

const collectionSchema = new Schema<CollectionDoc>(
  { _id: { type: String, required: true }, collection: { type: Schema.Types.Mixed, required: true } },
  { versionKey: false, minimize: false, collection: COLLECTIONS.collections },
);

const profileSchema = new Schema<ProfileDoc>(
  {
    _id: { type: String, required: true },
    collection: { type: String, required: true },
    version: { type: Number, required: true },
    profile: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false, collection: COLLECTIONS.profiles, suppressReservedKeysWarning: true },
);
profileSchema.index({ collection: 1, version: -1 }, { name: 'collection_newest_first' });

const headSchema = new Schema<HeadDoc>(
  { _id: { type: String, required: true }, version: { type: Number, required: true } },
  { versionKey: false, collection: COLLECTIONS.heads },
);

export interface CatalogModels {
  collections: Model<CollectionDoc>;
  profiles: Model<ProfileDoc>;
  heads: Model<HeadDoc>;
}

export function catalogModels(connection: Connection): CatalogModels {
  const get = <T>(name: string, schema: Schema<T>): Model<T> => (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
  return {
    collections: get('SearchCollection', collectionSchema),
    profiles: get('SearchProfile', profileSchema),
    heads: get('SearchProfileHead', headSchema),
  };
}
