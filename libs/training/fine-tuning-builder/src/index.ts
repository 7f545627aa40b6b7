// Public API of @embedding-studio/fine-tuning-builder. Name every export; nothing else is importable.
export {};
