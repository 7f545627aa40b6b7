import type { DocDelta, DocStats, FeedbackDelta, FeedbackStore, NearestOptions, NeighbourFeedback, QueryFeedback } from './store.js';
import { dot, unitVector } from './vectors.js';

interface MutableDoc {
  impressions: Record<string, number>;
  clicks: Record<string, number>;
  irrelevant: number;
}

interface MutableQuery {
  text: string;
  vector: Float32Array | null;
  sessions: number;
  docs: Map<string, MutableDoc>;
}

interface CollectionState {
  readonly applied: Set<string>;
  readonly queries: Map<string, MutableQuery>;
}

function addCounts(into: Record<string, number>, add: Readonly<Record<string, number>> | undefined): void {
  if (!add) return;
  for (const [pos, n] of Object.entries(add)) {
    const v = (into[pos] ?? 0) + n;
    if (v === 0) delete into[pos];
    else into[pos] = v;
  }
}

function applyDoc(docs: Map<string, MutableDoc>, d: DocDelta): void {
  const doc = docs.get(d.id) ?? { impressions: {}, clicks: {}, irrelevant: 0 };
  addCounts(doc.impressions, d.impressions);
  addCounts(doc.clicks, d.clicks);
  doc.irrelevant += d.irrelevant ?? 0;
  docs.set(d.id, doc);
}

function snapshot(collection: string, key: string, q: MutableQuery): QueryFeedback {
  const docs = new Map<string, DocStats>();
  for (const [id, d] of q.docs) docs.set(id, { impressions: { ...d.impressions }, clicks: { ...d.clicks }, irrelevant: d.irrelevant });
  return { collection, key, text: q.text, vector: q.vector ? Float32Array.from(q.vector) : null, sessions: q.sessions, docs };
}

/**
 * A {@link FeedbackStore} in process memory: for tests, the benchmark and single-process
 * deployments that can rebuild feedback from the clickstream at start-up. The nearest-query
 * lookup scans every query vector of the collection (fine up to some 100k logged queries).
 */
export function createMemoryFeedbackStore(): FeedbackStore {
  const collections = new Map<string, CollectionState>();
  const stateOf = (collection: string): CollectionState => {
    let s = collections.get(collection);
    if (!s) {
      s = { applied: new Set(), queries: new Map() };
      collections.set(collection, s);
    }
    return s;
  };
  return {
    async apply(deltas: readonly FeedbackDelta[]) {
      let applied = 0;
      for (const delta of deltas) {
        const state = stateOf(delta.collection);
        if (state.applied.has(delta.id)) continue;
        state.applied.add(delta.id);
        const q = state.queries.get(delta.key) ?? { text: delta.text, vector: null, sessions: 0, docs: new Map<string, MutableDoc>() };
        if (delta.vector && delta.vector.length > 0) q.vector = unitVector(delta.vector);
        q.sessions += delta.sessions;
        for (const d of delta.docs) applyDoc(q.docs, d);
        state.queries.set(delta.key, q);
        applied++;
      }
      return { applied };
    },
    async get(collection: string, key: string) {
      const q = collections.get(collection)?.queries.get(key);
      return q ? snapshot(collection, key, q) : null;
    },
    async nearest(collection: string, vector: ArrayLike<number>, options: NearestOptions) {
      const state = collections.get(collection);
      if (!state) return [];
      const probe = unitVector(vector);
      const found: Array<{ key: string; q: MutableQuery; similarity: number }> = [];
      for (const [key, q] of state.queries) {
        if (key === options.excludeKey || !q.vector || q.vector.length !== probe.length) continue;
        const similarity = dot(probe, q.vector);
        if (similarity >= options.threshold) found.push({ key, q, similarity });
      }
      found.sort((a, b) => b.similarity - a.similarity || (a.key < b.key ? -1 : 1));
      return found.slice(0, options.limit).map((f): NeighbourFeedback => ({ feedback: snapshot(collection, f.key, f.q), similarity: f.similarity }));
    },
    async drop(collection: string) {
      collections.delete(collection);
    },
  };
}
