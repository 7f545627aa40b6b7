// Test helpers of @embedding-studio/search-indexing-mongo: run `jobStoreContract` from
// @embedding-studio/search-indexing/testing against createMongoIndexingStores on a test database.
export {};
