// Test helpers of @embedding-studio/clickstream-core: builders, the in-memory store and the
// contract suite every ClickstreamStore adapter runs.
export { aClick, aResult, aSession, aSessionWithEvents } from './lib/testing/builders.js';
export type { SessionSpec } from './lib/testing/builders.js';
export { clickstreamStoreContract } from './lib/testing/store-contract.js';
export type { StoreFixture } from './lib/testing/store-contract.js';
