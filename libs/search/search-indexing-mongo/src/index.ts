// Public API of @embedding-studio/search-indexing-mongo. Name every export; nothing else is importable.
export {};
