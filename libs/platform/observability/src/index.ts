// Public API of @embedding-studio/observability. Name every export; nothing else is importable.
export {};
