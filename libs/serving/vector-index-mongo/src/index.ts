// Public API of @embedding-studio/vector-index-mongo. Name every export; nothing else is importable.
export { createMongoAliasRegistry } from './lib/mongo-alias-registry.js';
export type { MongoAliasRegistryOptions } from './lib/mongo-alias-registry.js';
