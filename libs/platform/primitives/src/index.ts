// Public API of @embedding-studio/primitives. Name every export; nothing else is importable.
export { epochSeconds, systemClock } from './lib/clock.js';
export type { Clock } from './lib/clock.js';
export { systemStopwatch } from './lib/stopwatch.js';
export type { Stopwatch } from './lib/stopwatch.js';
export { canonicalJson, isPlainObject } from './lib/json.js';
export type { JsonObject, JsonValue } from './lib/json.js';
export { sha256Hex } from './lib/hash.js';
export { groupCommit } from './lib/group-commit.js';
export type { GroupCommitOptions, GroupCommitter, Pending } from './lib/group-commit.js';
