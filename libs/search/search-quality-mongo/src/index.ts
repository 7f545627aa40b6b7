// Public API of @embedding-studio/search-quality-mongo. Name every export; nothing else is importable.
export {};
