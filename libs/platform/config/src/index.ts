// Public API of @embedding-studio/config. Name every export; nothing else is importable.
export {};
