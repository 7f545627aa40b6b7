// Public API of @embedding-studio/search-indexing-mongo. Name every export; nothing else is importable.
export { INDEXING_COLLECTIONS, createMongoIndexingStores } from './lib/mongo-stores.js';
export type { MongoIndexingStoresOptions } from './lib/mongo-stores.js';
export { INDEXING_QUEUE_JOBS, createAgendaIndexingScheduler, registerIndexingJobs } from './lib/indexing-agenda.js';
export type { IndexingJobsHandle, IndexingQueue, IndexingQueueData, RegisterIndexingJobsOptions } from './lib/indexing-agenda.js';
