import type { BuildRecord, BuildRegistry } from './reindex-ports.js';

/** A BuildRegistry in memory (tests, one process). */
export function createMemoryBuildRegistry(): BuildRegistry {
  const builds = new Map<string, BuildRecord>();
  return {
    async put(build) {
      builds.set(build.collection, structuredClone(build));
    },
    async clear(collection, jobId) {
      if (builds.get(collection)?.job_id === jobId) builds.delete(collection);
    },
    async list() {
      return [...builds.values()].map((b) => structuredClone(b));
    },
  };
}
