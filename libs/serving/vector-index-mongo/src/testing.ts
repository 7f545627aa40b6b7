// Test helpers of @embedding-studio/vector-index-mongo: none beyond the AliasRegistry contract in
// @embedding-studio/vector-index/testing, which this adapter's integration spec runs.
export {};
