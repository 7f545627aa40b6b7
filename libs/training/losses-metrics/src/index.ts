// Public API of @embedding-studio/losses-metrics. Name every export; nothing else is importable.
export {};
