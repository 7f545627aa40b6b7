// Public API of @embedding-studio/search-indexing-s3. Name every export; nothing else is importable.
export {};
