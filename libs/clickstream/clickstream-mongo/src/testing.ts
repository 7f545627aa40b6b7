// Test helpers of @embedding-studio/clickstream-mongo: run the contract suite from @embedding-studio/clickstream-core/testing.
export {};
