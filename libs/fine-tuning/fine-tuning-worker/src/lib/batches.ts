import type { ClickstreamService, ClickstreamStore, SessionWithEvents } from '@embedding-studio/clickstream-core';

/** The clickstream side of a run: batch release and reading. */
export interface BatchPort {
  /** Releases the collecting batch under an idempotency key; returns its id. Throws a not-found error when there is none. */
  release(releaseId: string): Promise<string>;
  /** Every session of a released batch with its events (read in pages). */
  readSessions(batchId: string, signal: AbortSignal): Promise<SessionWithEvents[]>;
}

const SESSION_PAGE = 500;

export interface ClickstreamBatchesOptions {
  /**
   * How long to wait for sessions that took a number in the batch before its release but were
   * still being written when it was read. @defaultValue 15 000 ms
   */
  settleMs?: number;
  /** @defaultValue 250 ms */
  pollMs?: number;
}

/**
 * The clickstream as the runner reads it: release by key, then every session in pages. A
 * released batch's `session_counter` is final (the release fences it), so a read that finds
 * fewer sessions waits for the in-flight ones, up to `settleMs`.
 */
export function clickstreamBatches(service: ClickstreamService, store: ClickstreamStore, options: ClickstreamBatchesOptions = {}): BatchPort {
  const settleMs = options.settleMs ?? 15_000;
  const pollMs = options.pollMs ?? 250;
  const readAll = async (batchId: string, signal: AbortSignal): Promise<SessionWithEvents[]> => {
    const all: SessionWithEvents[] = [];
    let after = 0;
    for (;;) {
      signal.throwIfAborted();
      const page = await store.readBatchSessions(batchId, { afterNumber: after, limit: SESSION_PAGE, eventsLimit: service.limits.maxEventsPerSession });
      all.push(...page);
      const last = page.at(-1);
      if (!last || page.length < SESSION_PAGE) return all;
      after = last.session_number;
    }
  };
  return {
    async release(releaseId) {
      return (await service.releaseBatch({ release_id: releaseId })).batch_id;
    },
    async readSessions(batchId, signal) {
      const expected = (await service.getBatch({ batch_id: batchId })).session_counter;
      const deadline = Date.now() + settleMs;
      let sessions = await readAll(batchId, signal);
      while (sessions.length < expected && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        sessions = await readAll(batchId, signal);
      }
      return sessions;
    },
  };
}
