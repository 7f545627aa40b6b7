// Test helpers of @embedding-studio/primitives: the one test clock.
export { createTestClock } from './lib/testing/test-clock.js';
export type { TestClock, TestClockOptions } from './lib/testing/test-clock.js';
