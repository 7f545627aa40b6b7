import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { prepareRankingDataset } from '@embedding-studio/data-loaders';
import type { ItemLoader, RankingDataset } from '@embedding-studio/data-loaders';
import type { ShownQuery } from '../clicks/simulate.js';
import type { VectorTable } from '../vectors/vector-table.js';

/** An item as the benchmark's loader returns it: its row in the base vector table. */
export interface VectorItem {
  readonly id: string;
  readonly row: number;
}

/**
 * data-loaders' item port over the base vector table: an id is "loaded" when the corpus has a
 * vector for it (the bench never needs item texts after embedding).
 */
export function vectorItemLoader(items: VectorTable): ItemLoader<VectorItem> {
  return {
    source: 'bench:vectors',
    load(ids) {
      const out = new Map<string, VectorItem>();
      for (const id of ids) {
        const row = items.index.get(id);
        if (row !== undefined) out.set(id, { id, row });
      }
      return Promise.resolve(out);
    },
  };
}

export interface ClickDatasetOptions {
  /** Seed of negative sampling and of the item-disjoint split. */
  readonly seed: number;
  /**
   * Share of items held out by data-loaders' item-disjoint split (the product's own selection
   * data); 0 keeps every example in `train` (the dev queries select the epoch instead).
   * @defaultValue 0
   */
  readonly testSize?: number;
}

/**
 * The product's data path from sessions to a training dataset (`prepareRankingDataset` of
 * `@embedding-studio/data-loaders`): positives = clicked results, negatives = every shown
 * result not clicked, sessions without clicks kept apart as irrelevant, an item-disjoint
 * train/test split, and every referenced item checked against the corpus vectors. No
 * inverse-propensity weights: they need the click model's examination curve, which the
 * product cannot know.
 */
export function clickDataset(sessions: readonly SessionWithEvents[], items: VectorTable, options: ClickDatasetOptions): Promise<RankingDataset<VectorItem>> {
  return prepareRankingDataset(sessions, {
    loader: vectorItemLoader(items),
    examples: { negativeRatio: 1, ips: false, seed: options.seed },
    split: { testSize: options.testSize ?? 0, seed: options.seed },
  });
}

/**
 * The skyline's log: one session per click-pool query with a judged relevant doc, showing the
 * deployed top-10 followed by the relevant docs it missed, with a click on every relevant doc.
 * Through {@link clickDataset} this gives positives = all judged relevant docs (shown or not)
 * and negatives = shown non-relevant docs. Judgments reach only O, never P or C-rand.
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
