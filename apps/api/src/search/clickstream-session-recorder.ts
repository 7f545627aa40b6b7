import type { ClickstreamService } from '@embedding-studio/clickstream-core';
import { hasErrorCode } from '@embedding-studio/errors';
import type { SessionRecorder } from '@embedding-studio/search-core';

/**
 * Records searches as clickstream sessions through the clickstream service, with the bodies a
 * 0.0.1 client would post (`POST /clickstream/session`, `POST /clickstream/session/results`), so
 * clicks on a search_id go through the unchanged events route.
 */
export function clickstreamSessionRecorder(clickstream: ClickstreamService): SessionRecorder {
  return {
    async open(record) {
      await clickstream.registerSession({
        session_id: record.search_id,
        search_query: record.query,
        search_results: record.results.map((r) => ({ object_id: r.object_id, rank: r.rank, meta: r.meta })),
        search_meta: record.search_meta,
        user_id: record.user_id,
      });
    },
    async append(searchId, results) {
      await clickstream.appendResults({ session_id: searchId, search_results: results.map((r) => ({ object_id: r.object_id, rank: r.rank, meta: r.meta })) });
    },
    async read(searchId) {
      try {
        const s = await clickstream.getSession({ session_id: searchId });
        return { query: s.search_query, user_id: s.user_id, search_meta: s.search_meta ?? {}, result_count: s.search_results.length };
      } catch (error) {
        // An id that is no session (or not even a valid session id) is an unknown search.
        if (hasErrorCode(error, 'CLICKSTREAM_SESSION_NOT_FOUND') || hasErrorCode(error, 'CLICKSTREAM_VALIDATION')) return undefined;
        throw error;
      }
    },
  };
}
