// Public API of @embedding-studio/fine-tuning-tasks-mongo.
export { createMongoTaskStore } from './lib/mongo-task-store.js';
export type { MongoTaskStoreOptions } from './lib/mongo-task-store.js';
export { COLLECTIONS as FINE_TUNING_TASK_COLLECTIONS } from './lib/schemas.js';
