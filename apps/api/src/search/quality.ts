// The quality metrics plugged into the clickstream: every durable session write (a new session,
// clicks, a "load more" page, an irrelevant flag) marks its collection's hour dirty, so the
// rollup fold recomputes that hour.
import type { ClickstreamService, ClickstreamStore } from '@embedding-studio/clickstream-core';
import type { SearchServices } from '@embedding-studio/search-core';
import { createQualityMetrics, dirtyHourOf, type DirtyHour, type QualityMarks, type QualityMetrics, type QualityRollupStore } from '@embedding-studio/search-quality';

export interface QualityCaptureOptions {
  marks: Pick<QualityMarks, 'mark'>;
  /** Sessions by id without their events (a read by `_id`, usually from this process's cache). */
  sessions: Pick<ClickstreamStore, 'getSession'>;
}

const sessionIdOf = (raw: unknown): string | undefined => {
  const id = (raw as { session_id?: unknown } | null)?.session_id;
  return typeof id === 'string' ? id : undefined;
};

/**
 * Wraps the clickstream service: after a write is durable, the hour of each session it touched is
 * marked dirty (also for a repeated request, so a retry repairs a mark a failure lost). A failing
 * mark fails the request (503): the write itself is stored, and the client's retry (a no-op for
 * the clickstream) marks again.
 */
export function withQualityCapture(clickstream: ClickstreamService, options: QualityCaptureOptions): ClickstreamService {
  const { marks, sessions } = options;
  const markSessions = async (ids: (string | undefined)[]): Promise<void> => {
    const hours: DirtyHour[] = [];
    for (const id of new Set(ids)) {
      if (id === undefined) continue;
      const s = await sessions.getSession(id, { eventsLimit: 0, cached: true });
      const hour = s && dirtyHourOf(s);
      if (hour) hours.push(hour);
    }
    if (hours.length > 0) await marks.mark(hours);
  };
  return {
    ...clickstream,
    async registerSession(body) {
      const out = await clickstream.registerSession(body);
      const hour = dirtyHourOf(out.session);
      if (hour) await marks.mark([hour]);
      return out;
    },
    async registerSessionsBulk(body) {
      const out = await clickstream.registerSessionsBulk(body);
      const hours = out.flatMap((o) => (o.ok ? [dirtyHourOf(o.value.session)] : [])).filter((h): h is DirtyHour => h !== null);
      if (hours.length > 0) await marks.mark(hours);
      return out;
    },
    async appendResults(body) {
      const out = await clickstream.appendResults(body);
      await markSessions([sessionIdOf(body)]);
      return out;
    },
    async addEvents(body) {
      const out = await clickstream.addEvents(body);
      await markSessions([sessionIdOf(body)]);
      return out;
    },
    async addEventsBulk(body) {
      const out = await clickstream.addEventsBulk(body);
      const items = (body as { events?: unknown[] }).events ?? [];
      await markSessions(out.flatMap((o, i) => (o.ok ? [sessionIdOf(items[i])] : [])));
      return out;
    },
    async markIrrelevant(body) {
      await clickstream.markIrrelevant(body);
      await markSessions([sessionIdOf(body)]);
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
