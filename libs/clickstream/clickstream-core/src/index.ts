// Public API of @embedding-studio/clickstream-core. Name every export; nothing else is importable.
export {};
