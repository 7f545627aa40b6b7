// Test helpers of @embedding-studio/search-feedback: builders and the contract suite every
// FeedbackStore adapter runs.
export { aLoggedSession, someHits } from './lib/testing/builders.js';
export { feedbackStoreContract } from './lib/testing/store-contract.js';
export type { FeedbackStoreFixture } from './lib/testing/store-contract.js';
