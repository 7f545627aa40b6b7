// The quality metrics plugged into the clickstream: after every durable session write (a new
// session, clicks, a "load more" page, an irrelevant flag) the session as written, plus what the
// write added, is logged for the rollup fold.
import { parseBulkEvent, parseBulkItems, parseNewEvents, type ClickstreamService, type ClickstreamStore } from '@embedding-studio/clickstream-core';
import type { SearchServices } from '@embedding-studio/search-core';
import { createQualityMetrics, snapshotOf, type QualityEntry, type QualityLog, type QualityMetrics, type QualityRollupStore } from '@embedding-studio/search-quality';

export interface QualityCaptureOptions {
  log: Pick<QualityLog, 'append'>;
  /** Sessions by id without their events (a read by `_id`, usually from this process's cache). */
  sessions: Pick<ClickstreamStore, 'getSession'>;
}

type Clicks = NonNullable<QualityEntry['clicks']>;

const sessionIdOf = (raw: unknown): string | undefined => {
  const id = (raw as { session_id?: unknown } | null)?.session_id;
  return typeof id === 'string' ? id : undefined;
};
const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const clicksOf = (events: readonly { event_id: string; object_id: string; event_type: string; created_at: number | null }[]): Clicks =>
  events.filter((e) => e.event_type === 'click').map((e) => ({ event_id: e.event_id, object_id: e.object_id, created_at: e.created_at ?? nowSeconds() }));

/**
 * Wraps the clickstream service: after a write is durable, an entry per session it touched goes
 * to the quality log (also for a repeated request: the fold merges repeats once). A failing log
 * write fails the request (503): the write itself is stored, and the client's retry, a no-op for
 * the clickstream, logs again.
 */
export function withQualityCapture(clickstream: ClickstreamService, options: QualityCaptureOptions): ClickstreamService {
  const { log, sessions } = options;
  /** Entries for sessions named by id, built from the session as stored now. */
  const logFor = async (items: { sessionId: string | undefined; clicks?: Clicks; load_more?: boolean; irrelevant?: boolean }[]): Promise<void> => {
    const entries: QualityEntry[] = [];
    for (const item of items) {
      if (item.sessionId === undefined) continue;
      const stored = await sessions.getSession(item.sessionId, { eventsLimit: 0, cached: true });
      const session = stored && snapshotOf(stored);
      if (!session) continue;
      entries.push({ session: item.irrelevant ? { ...session, irrelevant: true } : session, ...(item.clicks ? { clicks: item.clicks } : {}), ...(item.load_more ? { load_more: true } : {}) });
    }
    if (entries.length > 0) await log.append(entries);
  };
  const logSessions = async (list: Parameters<typeof snapshotOf>[0][]): Promise<void> => {
    const entries = list.flatMap((s) => {
      const session = snapshotOf(s);
      return session ? [{ session }] : [];
    });
    if (entries.length > 0) await log.append(entries);
  };
  return {
    ...clickstream,
    async registerSession(body) {
      const out = await clickstream.registerSession(body);
      await logSessions([out.session]);
      return out;
    },
    async registerSessionsBulk(body) {
      const out = await clickstream.registerSessionsBulk(body);
      await logSessions(out.flatMap((o) => (o.ok ? [o.value.session] : [])));
      return out;
    },
    async appendResults(body) {
      const out = await clickstream.appendResults(body);
      await logFor([{ sessionId: sessionIdOf(body), load_more: true }]);
      return out;
    },
    async addEvents(body) {
      const out = await clickstream.addEvents(body);
      const input = parseNewEvents(body, clickstream.limits);
      await logFor([{ sessionId: input.session_id, clicks: clicksOf(input.events) }]);
      return out;
    },
    async addEventsBulk(body) {
      const out = await clickstream.addEventsBulk(body);
      const items = parseBulkItems(body, 'events', clickstream.limits);
      const bySession = new Map<string, Clicks>();
      out.forEach((o, i) => {
        if (!o.ok) return;
        // Items that were accepted parse again.
        const e = parseBulkEvent(items[i], clickstream.limits);
        bySession.set(e.session_id, [...(bySession.get(e.session_id) ?? []), ...clicksOf([e])]);
      });
      await logFor([...bySession.entries()].map(([sessionId, clicks]) => ({ sessionId, clicks })));
      return out;
    },
    async markIrrelevant(body) {
      await clickstream.markIrrelevant(body);
      await logFor([{ sessionId: sessionIdOf(body), irrelevant: true }]);
    },
  };
}

/** The read model over the rollups, with the collection's profile versions from the search services (unknown collection → 404). */
export function qualityMetricsOver(rollups: QualityRollupStore, search: Pick<SearchServices, 'deployments'>): QualityMetrics {
  return createQualityMetrics({
    rollups,
    deployments: async (collection) => (await search.deployments.list({ collection })).map((p) => ({ version: p.version, created_at: p.created_at, kind: p.deployment.kind })),
  });
}
