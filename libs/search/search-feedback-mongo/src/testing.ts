// Test helpers of @embedding-studio/search-feedback-mongo: none beyond the core's contract suite
// (`@embedding-studio/search-feedback/testing`), which this adapter's integration tests run.
export {};
