// Public API of @embedding-studio/model-runtime. Name every export; nothing else is importable.
export {};
