// Public API of @embedding-studio/data-loaders. Name every export; nothing else is importable.
export {};
