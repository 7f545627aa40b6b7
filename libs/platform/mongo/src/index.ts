// Public API of @embedding-studio/mongo. Name every export; nothing else is importable.
export {};
