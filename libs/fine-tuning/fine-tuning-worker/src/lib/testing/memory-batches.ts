import { NotFoundError } from '@embedding-studio/errors';
import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import type { BatchPort } from '../batches.js';

/** In-memory {@link BatchPort}: one collecting batch of the given sessions, released once per key. */
export function createMemoryBatches(sessions: readonly SessionWithEvents[]): BatchPort & { releases: string[] } {
  const releases: string[] = [];
  let released: { key: string; id: string } | null = null;
  return {
    releases,
    async release(key) {
      releases.push(key);
      if (released && released.key !== key) throw new NotFoundError('CLICKSTREAM_NO_COLLECTING_BATCH', 'There is no collecting batch');
      released ??= { key, id: `batch-${releases.length}` };
      return released.id;
    },
    async readSessions() {
      return [...sessions];
    },
  };
}
