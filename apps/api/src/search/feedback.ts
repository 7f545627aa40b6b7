// The feedback layer plugged into search: the reranker search-core calls for collections with
// feedback on, and the clickstream service wrapped so that the sessions of those collections
// reach the feedback store once their writes are durable.
import { parseAppendResults, parseNewEvents, parseSessionRef, type ClickstreamService, type ClickstreamStore, type Session } from '@embedding-studio/clickstream-core';
import type { Logger } from '@embedding-studio/observability';
import type { JsonObject } from '@embedding-studio/primitives';
import type { SearchReranker } from '@embedding-studio/search-core';
import {
  clickDelta,
  createFeedbackReranker,
  impressionsDelta,
  irrelevantDelta,
  parseFeedbackSettings,
  type FeedbackDelta,
  type FeedbackSettings,
  type FeedbackStore,
} from '@embedding-studio/search-feedback';

/** search-core's reranking port over `search-feedback`: the collection's settings (validated when stored) over the defaults. */
export function feedbackReranker(store: FeedbackStore): SearchReranker {
  const parsed = new Map<string, FeedbackSettings>();
  const settingsOf = (settings: JsonObject): FeedbackSettings => {
    const key = JSON.stringify(settings);
    let s = parsed.get(key);
    if (!s) {
      s = parseFeedbackSettings({ ...settings, enabled: true }, undefined, 'feedback');
      if (parsed.size > 1000) parsed.clear();
      parsed.set(key, s);
    }
    return s;
  };
  return {
    async rerank(input) {
      const settings = settingsOf(input.settings);
      const reranker = createFeedbackReranker({ store, settingsFor: () => settings });
      const ranked = await reranker.rerank({
        collection: input.collection,
        query: input.query,
        profileVersion: input.profileVersion,
        hits: input.hits.map((hit, i) => ({ id: hit.object_id, score: hit.score, rank: i + 1, hit })),
      });
      return ranked.map((r) => ({ ...r.hit, score: r.score }));
    },
    checkSettings(settings, field) {
      parseFeedbackSettings({ ...settings, enabled: true }, undefined, field);
    },
  };
}

export interface FeedbackCaptureOptions {
  store: FeedbackStore;
  /** Sessions by id without their events (a read by `_id`, usually from this process's cache). */
  sessions: Pick<ClickstreamStore, 'getSession'>;
  logger: Logger;
}

/** The collection whose search opened a session, when that search had feedback on. */
const feedbackCollection = (session: Pick<Session, 'search_meta'>): string | undefined => {
  const meta = session.search_meta;
  return meta?.['feedback'] === true && typeof meta['collection'] === 'string' ? meta['collection'] : undefined;
};

/**
 * Wraps the clickstream service: after a session write of a search with feedback on is durable,
 * its impressions, clicks or irrelevant flag go to the feedback store (deltas are idempotent, so a
 * retried request adds nothing twice). A failing feedback write is logged and does not fail the
 * request: the click is stored, and only its boost waits for the next session.
 */
export function withFeedbackCapture(clickstream: ClickstreamService, options: FeedbackCaptureOptions): ClickstreamService {
  const { store, sessions, logger } = options;
  const capture = async (sessionId: string, deltas: (collection: string, session: Session) => (FeedbackDelta | null)[]): Promise<void> => {
    try {
      const session = await sessions.getSession(sessionId, { eventsLimit: 0, cached: true });
      const collection = session && feedbackCollection(session);
      if (!session || !collection) return;
      const list = deltas(collection, session).filter((d): d is FeedbackDelta => d !== null);
      if (list.length > 0) await store.apply(list);
    } catch (error) {
      logger.warn('feedback capture failed', { session_id: sessionId, error: String(error) });
    }
  };
  return {
    ...clickstream,
    async registerSession(body) {
      const out = await clickstream.registerSession(body);
      const collection = out.created ? feedbackCollection(out.session) : undefined;
      if (collection) {
        await store.apply([impressionsDelta(collection, out.session)]).catch((error: unknown) => logger.warn('feedback capture failed', { session_id: out.session.session_id, error: String(error) }));
      }
      return out;
    },
    async appendResults(body) {
      const out = await clickstream.appendResults(body);
      if (out.added > 0) await capture(parseAppendResults(body, clickstream.limits).session_id, (c, s) => [impressionsDelta(c, s, out.total - out.added)]);
      return out;
    },
    async addEvents(body) {
      const out = await clickstream.addEvents(body);
      // The events are parsed again only for a session whose search had feedback on.
      await capture(parseSessionRef(body, clickstream.limits).session_id, (c, s) =>
        parseNewEvents(body, clickstream.limits).events.map((e) => clickDelta(c, s, { ...e, session_id: s.session_id, created_at: e.created_at ?? 0 })),
      );
      return out;
    },
    async markIrrelevant(body) {
      await clickstream.markIrrelevant(body);
      await capture(parseSessionRef(body, clickstream.limits).session_id, (c, s) => [irrelevantDelta(c, s)]);
    },
  };
}
