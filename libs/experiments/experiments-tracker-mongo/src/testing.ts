// Test helpers of @embedding-studio/experiments-tracker-mongo: run the contract suite from
// @embedding-studio/experiments-tracker/testing against createMongoExperimentsStore.
export {};
