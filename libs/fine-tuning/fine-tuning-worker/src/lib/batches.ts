import type { ClickstreamUseCases, SessionWithEvents } from '@embedding-studio/clickstream-core';

/** The clickstream side of a run: batch release and reading. */
export interface BatchPort {
  /** Releases the collecting batch under an idempotency key; returns its id. Throws a not-found error when there is none. */
  release(releaseId: string): Promise<string>;
  /** Every session of a released batch with its events (read in pages). */
  readSessions(batchId: string, signal: AbortSignal): Promise<SessionWithEvents[]>;
}

const SESSION_PAGE = 500;

/**
 * The clickstream as the runner reads it, through the typed use cases: release by key, then
 * every session in pages. A released batch is final when the release returns (its fence is
 * decided and numbers nobody took are voided), so reading never waits; numbers may skip.
 */
export function clickstreamBatches(clickstream: ClickstreamUseCases): BatchPort {
  return {
    release: async (releaseId) => (await clickstream.releaseBatch(releaseId)).batch_id,
    readSessions: (batchId, signal) => clickstream.readReleasedBatch(batchId, { pageSize: SESSION_PAGE, signal }),
  };
}
