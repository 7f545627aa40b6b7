// Test helpers of @embedding-studio/data-loaders: none of its own. Sessions for tests of
// anything that consumes them come from `@embedding-studio/clickstream-core/testing`
// (`aSessionWithEvents`, `aResult`, `aClick`).
export {};
