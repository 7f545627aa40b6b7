// Test helpers of @embedding-studio/search-quality-mongo: none beyond the domain lib's in-memory adapters.
export {};
