// Public API of @embedding-studio/search-feedback-mongo.
export { createMongoFeedbackStore } from './lib/mongo-feedback-store.js';
export type { MongoFeedbackStoreOptions } from './lib/mongo-feedback-store.js';
export { DELTAS_COLLECTION, deltaKey } from './lib/schemas.js';
