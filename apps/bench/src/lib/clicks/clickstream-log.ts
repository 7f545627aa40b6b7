import { createClickstreamService, createMemoryClickstreamStore } from '@embedding-studio/clickstream-core';
import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { toClickstreamRequests } from './simulate.js';
import type { SimulatedSession } from './simulate.js';

/**
 * Sends simulated sessions through the product's clickstream path (the clickstream service
 * over an in-memory store: validation, batching, events), releases the batch, and reads the
 * sessions back as the training pipeline would. Clock = the last session's time, and
 * timestamp checks are off (this is an import of a historical log).
 */
export async function logThroughClickstream(sessions: readonly SimulatedSession[], releaseId: string): Promise<SessionWithEvents[]> {
  if (sessions.length === 0) return [];
  const lastTime = Math.max(...sessions.map((s) => s.createdAt));
  const clock = { now: () => lastTime * 1000 };
  const store = createMemoryClickstreamStore({ clock });
  const service = createClickstreamService({ store, clock, limits: { checkTimestamps: false } });
  for (const s of sessions) {
    const req = toClickstreamRequests(s);
    await service.registerSession(req.session);
    if (req.events) await service.addEvents(req.events);
  }
  const release = await service.releaseBatch({ release_id: releaseId });
  const out: SessionWithEvents[] = [];
  let after = 0;
  for (;;) {
    const page = await store.readBatchSessions(release.batch_id, { afterNumber: after, limit: 1000, eventsLimit: 1000 });
    if (page.length === 0) break;
    out.push(...page);
    after = (page.at(-1) as SessionWithEvents).session_number;
  }
  return out;
}
