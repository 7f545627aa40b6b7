// Deterministic stand-ins for unit tests: a hashed bag-of-words encoder and a session recorder
// in memory.
import type { EncodedBatch, EncoderProvider, RecordedResult, SearchEncoder, SearchSessionRecord, SessionRecorder } from '../lib/ports.js';

/** Hashes words into `dimension` buckets and L2-normalises: texts sharing words are similar. */
export function createHashingEncoder(dimension = 32, id = 'hashing'): SearchEncoder {
  const embed = async (texts: readonly string[]): Promise<EncodedBatch> => {
    const data = new Float32Array(texts.length * dimension);
    texts.forEach((t, row) => {
      for (const word of t.toLowerCase().split(/\W+/).filter(Boolean)) {
        let h = 2166136261;
        for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619) >>> 0;
        const at = row * dimension + (h % dimension);
        data[at] = (data[at] ?? 0) + 1;
      }
      let n = 0;
      for (let j = 0; j < dimension; j++) n += (data[row * dimension + j] ?? 0) ** 2;
      n = Math.sqrt(n) || 1;
      for (let j = 0; j < dimension; j++) data[row * dimension + j] = (data[row * dimension + j] ?? 0) / n;
    });
    return { count: texts.length, dimension, data };
  };
  return { id, dimension, embedQueries: embed, embedItems: embed };
}

/** An EncoderProvider over fixed encoders. */
export function createStaticEncoderProvider(encoders: Record<string, SearchEncoder>): EncoderProvider {
  return {
    names: () => Object.keys(encoders),
    open: async (name) => {
      const e = encoders[name];
      if (!e) throw new Error(`no encoder ${name}`);
      return e;
    },
  };
}

export interface MemorySessionRecorder extends SessionRecorder {
  /** Recorded sessions by search_id. */
  readonly sessions: ReadonlyMap<string, SearchSessionRecord>;
}

/** A SessionRecorder in memory. */
export function createMemorySessionRecorder(): MemorySessionRecorder {
  const sessions = new Map<string, SearchSessionRecord>();
  return {
    sessions,
    async open(record) {
      sessions.set(record.search_id, structuredClone(record));
    },
    async append(searchId, results: readonly RecordedResult[]) {
      const s = sessions.get(searchId);
      if (!s) throw new Error(`no session ${searchId}`);
      const known = new Set(s.results.map((r) => r.object_id));
      s.results.push(...results.filter((r) => !known.has(r.object_id)).map((r) => structuredClone(r)));
    },
    async read(searchId) {
      const s = sessions.get(searchId);
      return s ? { query: s.query, user_id: s.user_id, search_meta: s.search_meta, result_count: s.results.length } : undefined;
    },
  };
}
