// Test helpers of @embedding-studio/fine-tuning-tasks-mongo: run `taskStoreContract` from
// @embedding-studio/fine-tuning-tasks/testing against createMongoTaskStore on a test database.
export {};
