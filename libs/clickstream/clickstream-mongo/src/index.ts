// Public API of @embedding-studio/clickstream-mongo. Name every export; nothing else is importable.
export {};
