// Test helpers of @embedding-studio/vector-index-lancedb: none beyond the VectorIndex contract in
// @embedding-studio/vector-index/testing, which this adapter's integration spec runs.
export {};
