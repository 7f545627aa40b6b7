// Test helpers of @embedding-studio/primitives: the one test clock and test stopwatch.
export { createTestClock } from './lib/testing/test-clock.js';
export type { TestClock, TestClockOptions } from './lib/testing/test-clock.js';
export { createTickingStopwatch } from './lib/testing/test-stopwatch.js';
