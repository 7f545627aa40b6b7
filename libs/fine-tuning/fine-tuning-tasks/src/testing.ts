// Test helpers of @embedding-studio/fine-tuning-tasks: builders, the in-memory store, a recording
// scheduler, a fixed clock and the contract suite every TaskStore adapter runs.
export { aCreateBody, aFullTask, aTask, aTaskId } from './lib/testing/builders.js';
export { createRecordingScheduler, createStaticMethodCatalog } from './lib/testing/recording-scheduler.js';
export type { RecordingScheduler, ScheduledRun } from './lib/testing/recording-scheduler.js';
export { createMemoryTaskStore } from './lib/memory-store.js';
export { taskStoreContract } from './lib/testing/store-contract.js';
export type { TaskStoreContractOptions, TaskStoreFixture } from './lib/testing/store-contract.js';
