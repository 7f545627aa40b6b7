import type { EmbeddingMatrix, EmbeddingModel } from '@embedding-studio/model-runtime';
import { createRng, seedFrom } from '@embedding-studio/random';
import type { BeirDocument, BeirQuery, Qrels } from '@embedding-studio/click-simulation';

/** A tiny BEIR-shaped dataset generated in code. */
export interface SyntheticDataset {
  readonly corpus: BeirDocument[];
  readonly queries: BeirQuery[];
  readonly qrels: Qrels;
}

/**
 * A synthetic corpus with a learnable gap between queries and documents. Each document is a
 * (topic, facet) cell; its text uses topic words and facet words. A query names one cell with
 * one topic word plus *query-only* synonyms of the topic and the facet, so the base encoder
 * finds the right topic but not the right facet; a query-side adapter can learn the synonyms
 * from clicks on some queries and carry them to others.
 */
export function syntheticDataset(options: { topics?: number; facets?: number; queries?: number; seed?: number } = {}): SyntheticDataset {
  const topics = options.topics ?? 20;
  const facets = options.facets ?? 10;
  const nQueries = options.queries ?? 50;
  const rng = createRng(options.seed ?? 7);
  const noise = Array.from({ length: 30 }, (_, i) => `common${i}`);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)] as T;
  const corpus: BeirDocument[] = [];
  for (let t = 0; t < topics; t++) {
    for (let f = 0; f < facets; f++) {
      const words = [`topic${t}a`, `topic${t}b`, `topic${t}c`, `facet${f}a`, `facet${f}b`, pick(noise)];
      corpus.push({ id: `d${String(t * facets + f).padStart(4, '0')}`, title: '', text: words.join(' ') });
    }
  }
  const queries: BeirQuery[] = [];
  const qrels = new Map<string, Map<string, number>>();
  const used = new Set<number>();
  for (let q = 0; q < nQueries; q++) {
    let cell = rng.int(topics * facets);
    while (used.has(cell)) cell = (cell + 1) % (topics * facets);
    used.add(cell);
    const t = Math.floor(cell / facets);
    const f = cell % facets;
    const id = `q${String(q).padStart(3, '0')}`;
    queries.push({ id, text: [`topic${t}a`, `topic${t}b`, `ask${t}`, `want${f}`, `want${f}`].join(' ') });
    const rel = new Map<string, number>([[`d${String(cell).padStart(4, '0')}`, 1]]);
    // a second, weaker-looking relevant doc in half the queries: the same facet in the next topic
    if (q % 2 === 0) rel.set(`d${String((((t + 1) % topics) * facets + f)).padStart(4, '0')}`, 1);
    qrels.set(id, rel);
  }
  return { corpus, queries, qrels };
}

/**
 * A deterministic bag-of-words encoder: every token maps to a fixed pseudo-random unit vector
 * (seeded by the token), a text is the normalised sum. No download, no training; good enough
 * to exercise the harness end to end.
 */
export function createBagOfWordsModel(dimension = 64): EmbeddingModel {
  const cache = new Map<string, Float32Array>();
  const tokenVector = (token: string): Float32Array => {
    let v = cache.get(token);
    if (!v) {
      const r = createRng(seedFrom(`tok:${token}`));
      v = new Float32Array(dimension);
      let s = 0;
      for (let j = 0; j < dimension; j++) {
        const x = r.normal();
        v[j] = x;
        s += x * x;
      }
      const inv = 1 / Math.sqrt(s);
      for (let j = 0; j < dimension; j++) v[j] = (v[j] as number) * inv;
      cache.set(token, v);
    }
    return v;
  };
  const embed = async (texts: readonly string[]): Promise<EmbeddingMatrix> => {
    const data = new Float32Array(texts.length * dimension);
    texts.forEach((text, i) => {
      for (const tok of text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)) {
        const v = tokenVector(tok);
        for (let j = 0; j < dimension; j++) data[i * dimension + j] = (data[i * dimension + j] as number) + (v[j] as number);
      }
    });
    return { count: texts.length, dimension, data };
  };
  return {
    id: 'synthetic/bag-of-words',
    version: `bow-${dimension}-v1`,
    dimension,
    embedQueries: embed,
    embedItems: embed,
    dispose: async () => undefined,
  };
}
