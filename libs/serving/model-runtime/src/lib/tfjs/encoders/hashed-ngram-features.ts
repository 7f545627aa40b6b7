import { seedFrom } from '@embedding-studio/random';

/** What {@link hashedNgramFeatures} extracts. */
export interface HashedNgramFeatureConfig {
  readonly buckets: number;
  readonly seed: number | string;
  readonly wordUnigrams: boolean;
  readonly wordBigrams: boolean;
  /** Inclusive `[min, max]` character n-gram lengths, or `null` for none. */
  readonly charNgramRange: readonly [number, number] | null;
  readonly lowercase: boolean;
  readonly maxFeaturesPerText: number;
}

// A module-level binding: global lookups are slow inside sandboxes such as Jest's vm contexts.
const { imul } = Math;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv1a(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** murmur3's finaliser: spreads FNV's weak low bits before the modulo. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A seeded 32-bit FNV-1a hash of `text` under a feature-type `tag` (w, b or c). */
export function hashFeature(seedBasis: number, tag: string, text: string): number {
  return fmix32(fnv1a(text, fnv1a(tag, seedBasis)));
}

/** The FNV offset basis mixed with the seed: the same seed gives the same buckets everywhere. */
export function seedBasis(seed: number | string): number {
  return (FNV_OFFSET ^ seedFrom(seed)) >>> 0;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Words of a text: NFKC-normalised, optionally lower-cased runs of letters and digits. */
export function words(text: string, lowercase: boolean): string[] {
  const normalised = text.normalize('NFKC');
  return (lowercase ? normalised.toLowerCase() : normalised).match(WORD) ?? [];
}

/**
 * The bucket of every feature of one text, in text order: for each word, its unigram (`w`),
 * its bigram with the previous word (`b`), and the character n-grams of `<word>` (`c`,
 * fastText-style boundaries, counted in code points; by start position, then length). Each
 * feature's bucket is `hashFeature(basis, tag, feature) % buckets`. Stops at
 * `maxFeaturesPerText`.
 */
export function hashedNgramFeatures(text: string, config: HashedNgramFeatureConfig, basis = seedBasis(config.seed)): number[] {
  const out: number[] = [];
  const max = config.maxFeaturesPerText;
  const { buckets } = config;
  const wordTag = fnv1a('w', basis);
  const bigramTag = fnv1a('b', basis);
  const charTag = fnv1a('c', basis);
  const push = (hash: number): boolean => {
    out.push(fmix32(hash) % buckets);
    return out.length < max;
  };
  let previous: string | undefined;
  for (const word of words(text, config.lowercase)) {
    if (config.wordUnigrams && !push(fnv1a(word, wordTag))) return out;
    if (config.wordBigrams && previous !== undefined && !push(fnv1a(`${previous} ${word}`, bigramTag))) return out;
    previous = word;
    if (config.charNgramRange) {
      const [min, maxN] = config.charNgramRange;
      const chars = Array.from(`<${word}>`);
      // FNV is sequential, so the n-grams starting at i share one running hash (no substrings).
      for (let i = 0; i + min <= chars.length; i++) {
        let h = charTag;
        for (let k = 0; k < maxN && i + k < chars.length; k++) {
          h = fnv1a(chars[i + k] as string, h);
          if (k + 1 >= min && !push(h)) return out;
        }
      }
    }
  }
  return out;
}

/**
 * A batch of texts as an embedding-bag lookup: the distinct buckets the batch uses and a dense
 * pooling matrix, so that `pooled = weights · table[buckets]`.
 */
export interface HashedFeatureBatch {
  /** Number of texts. */
  readonly size: number;
  /** Distinct buckets used by the batch, ascending. */
  readonly buckets: Int32Array;
  /** Row-major `[size, buckets.length]`: occurrences of a bucket in a text × the text's pooling scale. */
  readonly weights: Float32Array;
  /** Number of features (with repeats) of each text; 0 means the text embeds to the zero vector. */
  readonly featureCounts: Int32Array;
}

/** Builds the lookup of a batch; `pooling` scales each row by `1/n` (`mean`) or `1/sqrt(n)` (`sqrtn`). */
export function buildFeatureBatch(
  texts: readonly string[],
  config: HashedNgramFeatureConfig,
  pooling: 'mean' | 'sqrtn',
): HashedFeatureBatch {
  const basis = seedBasis(config.seed);
  const perText = texts.map((t) => hashedNgramFeatures(t, config, basis));
  const distinct = new Set<number>();
  for (const f of perText) for (const b of f) distinct.add(b);
  const buckets = Int32Array.from([...distinct].sort((a, b) => a - b));
  const column = new Map<number, number>();
  buckets.forEach((b, i) => column.set(b, i));
  const width = buckets.length;
  const weights = new Float32Array(texts.length * width);
  const featureCounts = new Int32Array(texts.length);
  perText.forEach((features, row) => {
    const n = features.length;
    featureCounts[row] = n;
    if (n === 0) return;
    const scale = pooling === 'mean' ? 1 / n : 1 / Math.sqrt(n);
    const counts = new Map<number, number>();
    for (const b of features) counts.set(b, (counts.get(b) ?? 0) + 1);
    for (const [b, count] of counts) weights[row * width + (column.get(b) as number)] = count * scale;
  });
  return { size: texts.length, buckets, weights, featureCounts };
}
