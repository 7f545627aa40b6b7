import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import type { ShownQuery } from '../clicks/simulate.js';

/**
 * The skyline's log: one session per click-pool query with a judged relevant doc, showing the
 * deployed top-10 followed by the relevant docs it missed, with a click on every relevant doc.
 * Through the default fine-tuning method's data path this gives positives = all judged relevant
 * docs (shown or not) and negatives = shown non-relevant docs. Judgments reach only O, never P
 * or C-rand.
 */
export function judgmentSessions(pool: readonly ShownQuery[], createdAt = 1_700_000_000): SessionWithEvents[] {
  const out: SessionWithEvents[] = [];
  let n = 0;
  for (const q of pool) {
    if (q.relevant.size === 0) continue;
    n += 1;
    const sessionId = `judgments-${q.id}`;
    const missed = [...q.relevant].filter((d) => !q.shown.includes(d)).sort();
    const results = [...q.shown, ...missed];
    const clicked = results.filter((d) => q.relevant.has(d));
    out.push({
      session_id: sessionId,
      search_query: q.text,
      created_at: createdAt,
      search_results: results.map((object_id, i) => ({ object_id, rank: i + 1, meta: null })),
      search_meta: null,
      user_id: null,
      is_irrelevant: false,
      batch_id: 'judgments',
      session_number: n,
      events: clicked.map((object_id, i) => ({ event_id: `${sessionId}-${i}`, session_id: sessionId, object_id, event_type: 'click', created_at: createdAt, meta: null })),
    });
  }
  return out;
}
