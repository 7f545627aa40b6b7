import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import type { ModelArtifactData } from '@embedding-studio/fine-tuning-builder';
import type { MethodContext } from '@embedding-studio/fine-tuning-plugins';
import type { EmbeddingMatrix, EmbeddingModel } from '@embedding-studio/model-runtime';
import { createRng, sampleWithoutReplacement } from '@embedding-studio/random';

export interface BagOfWordsEncoderOptions {
  /** @defaultValue 32 */
  dimension?: number;
  /** Changes which bucket and sign each word gets. @defaultValue 0 */
  seed?: number;
  /** @defaultValue 'test/bag-of-words' */
  id?: string;
}

/** One call received by the bag-of-words encoder. */
export interface EncoderCall {
  readonly side: 'queries' | 'items';
  readonly texts: readonly string[];
}

/** FNV-1a 32-bit of a string's UTF-16 code units, seeded. */
export function fnv1a(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The vector the bag-of-words encoder gives `text`: lower-cased words (runs of letters and
 * digits), each adding ±1 to bucket `fnv1a(word) mod dimension` (sign from bit 31 of a second
 * hash), L2-normalised; no words → the zero vector.
 */
export function bagOfWordsVector(text: string, dimension = 32, seed = 0): Float32Array {
  const v = new Float32Array(dimension);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const bucket = fnv1a(word, seed) % dimension;
    const sign = fnv1a(word, seed + 1) & 0x80000000 ? -1 : 1;
    v[bucket] = (v[bucket] as number) + sign;
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  if (norm > 0) for (let i = 0; i < dimension; i++) v[i] = (v[i] as number) / Math.sqrt(norm);
  return v;
}

/**
 * A deterministic {@link EmbeddingModel} for tests: hashed bag of words (see
 * {@link bagOfWordsVector}), the same for queries and items. Records every call in `calls`.
 */
export function createBagOfWordsEncoder(options: BagOfWordsEncoderOptions = {}): EmbeddingModel & { readonly calls: EncoderCall[]; readonly disposed: () => boolean } {
  const dimension = options.dimension ?? 32;
  const seed = options.seed ?? 0;
  const calls: EncoderCall[] = [];
  let disposed = false;
  const embed = (side: EncoderCall['side'], texts: readonly string[]): Promise<EmbeddingMatrix> => {
    calls.push({ side, texts: [...texts] });
    const data = new Float32Array(texts.length * dimension);
    texts.forEach((t, i) => data.set(bagOfWordsVector(t, dimension, seed), i * dimension));
    return Promise.resolve({ count: texts.length, dimension, data });
  };
  return {
    id: options.id ?? 'test/bag-of-words',
    version: `fnv1a-${dimension}-${seed}`,
    dimension,
    calls,
    disposed: () => disposed,
    embedQueries: (texts) => embed('queries', texts),
    embedItems: (texts) => embed('items', texts),
    dispose: () => {
      disposed = true;
      return Promise.resolve();
    },
  };
}

export interface RecordingMethodContextOptions {
  /** @defaultValue a signal that never aborts */
  signal?: AbortSignal;
}

/** A {@link MethodContext} that records progress, uploads and log lines. */
export interface RecordingMethodContext extends MethodContext {
  readonly progress: Array<{ fraction: number; message: string }>;
  readonly uploaded: ModelArtifactData[];
  readonly logs: Array<{ level: 'info' | 'warn' | 'error'; message: string; meta?: Record<string, unknown> }>;
}

export function aMethodContext(options: RecordingMethodContextOptions = {}): RecordingMethodContext {
  const progress: RecordingMethodContext['progress'] = [];
  const uploaded: ModelArtifactData[] = [];
  const logs: RecordingMethodContext['logs'] = [];
  const log =
    (level: 'info' | 'warn' | 'error') =>
    (message: string, meta?: Record<string, unknown>): void => {
      logs.push(meta === undefined ? { level, message } : { level, message, meta });
    };
  return {
    progress,
    uploaded,
    logs,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    signal: options.signal ?? new AbortController().signal,
    reportProgress: (fraction, message) => {
      progress.push({ fraction, message });
    },
    uploadInitialModel: (model) => {
      uploaded.push(model);
      return Promise.resolve();
    },
  };
}

/** Words of item texts and, position by position, the query words users type for them. */
export const SYNONYM_PAIRS: ReadonlyArray<readonly [item: string, query: string]> = [
  ['sofa', 'couch'],
  ['laptop', 'notebook'],
  ['bicycle', 'bike'],
  ['television', 'tv'],
  ['sneakers', 'trainers'],
  ['refrigerator', 'fridge'],
  ['automobile', 'car'],
  ['cellphone', 'mobile'],
  ['trousers', 'pants'],
  ['jumper', 'sweater'],
  ['kettle', 'boiler'],
  ['rucksack', 'backpack'],
];

export interface SynonymSessionsOptions {
  /** @defaultValue 120 */
  sessions?: number;
  /** Results shown per session (the clicked one among them). @defaultValue 5 */
  shown?: number;
  /** @defaultValue 1 */
  seed?: number;
  /** Sessions at the end with no click (irrelevant). @defaultValue 0 */
  withoutClicks?: number;
  /** Meta field holding each result's text. @defaultValue 'text' */
  textField?: string;
}

/**
 * Sessions with a planted pattern a query-side adapter can learn: each item is a pair of item
 * words (`"sofa laptop"`); a query names the clicked item with the matching query words
 * (`"couch notebook"`), which share no word with it, so the base similarity of a query to its
 * click is no better than to the other shown items. Item ids are `item-<i>-<j>`; the meta
 * field `textField` carries the text.
 */
export function synonymClickSessions(options: SynonymSessionsOptions = {}): SessionWithEvents[] {
  const rng = createRng(options.seed ?? 1);
  const field = options.textField ?? 'text';
  const shownCount = options.shown ?? 5;
  const items: Array<{ id: string; text: string; query: string }> = [];
  for (let i = 0; i < SYNONYM_PAIRS.length; i++) {
    for (let j = i + 1; j < SYNONYM_PAIRS.length; j++) {
      const a = SYNONYM_PAIRS[i] as readonly [string, string];
      const b = SYNONYM_PAIRS[j] as readonly [string, string];
      items.push({ id: `item-${i}-${j}`, text: `${a[0]} ${b[0]}`, query: `${a[1]} ${b[1]}` });
    }
  }
  const total = (options.sessions ?? 120) + (options.withoutClicks ?? 0);
  const sessions: SessionWithEvents[] = [];
  for (let k = 0; k < total; k++) {
    const shown = sampleWithoutReplacement(items, shownCount, rng);
    const target = shown[Math.floor(rng.next() * shown.length)] as (typeof items)[number];
    const id = `syn-${k}`;
    const clicked = k < (options.sessions ?? 120);
    sessions.push({
      session_id: id,
      search_query: target.query,
      created_at: 1_700_000_000 + k,
      search_results: shown.map((it, r) => ({ object_id: it.id, rank: r + 1, meta: { [field]: it.text } })),
      search_meta: null,
      user_id: null,
      is_irrelevant: false,
      batch_id: 'batch-1',
      session_number: k,
      events: clicked ? [{ event_id: `${id}-e`, session_id: id, object_id: target.id, event_type: 'click', created_at: 1_700_000_010 + k, meta: null }] : [],
    });
  }
  return sessions;
}

/** The error `p` rejects with; throws when it resolves instead. */
export async function rejection(p: Promise<unknown>): Promise<Error & { code?: string; details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}
