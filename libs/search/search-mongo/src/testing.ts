// Test helpers of @embedding-studio/search-mongo: the catalog contract runs from
// `@embedding-studio/search-core/testing`; nothing adapter-specific is needed yet.
export {};
