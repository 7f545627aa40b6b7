import { buildFeatureBatch, hashFeature, hashedNgramFeatures, seedBasis, words, type HashedNgramFeatureConfig } from './hashed-ngram-features.js';

const base: HashedNgramFeatureConfig = {
  buckets: 1 << 20,
  seed: 0,
  wordUnigrams: true,
  wordBigrams: true,
  charNgramRange: [3, 5],
  lowercase: true,
  maxFeaturesPerText: 4096,
};

describe('words', () => {
  it('NFKC-normalises, lower-cases and keeps letter/digit runs', () => {
    expect(words('Ｈｅｌｌｏ WORLD-42, café!', true)).toEqual(['hello', 'world', '42', 'café']);
    expect(words('Hello', false)).toEqual(['Hello']);
    expect(words(' ,.; ', true)).toEqual([]);
  });
});

describe('hashedNgramFeatures', () => {
  it('counts unigrams, bigrams and <word> character n-grams', () => {
    // "ab cd": 2 unigrams + 1 bigram + per word "<ab>" (4 chars): two 3-grams, one 4-gram, no 5-gram.
    expect(hashedNgramFeatures('ab cd', base)).toHaveLength(2 + 1 + 2 * 3);
    // "hello" → "<hello>" (7 chars): 5 + 4 + 3 char n-grams + 1 unigram.
    expect(hashedNgramFeatures('hello', base)).toHaveLength(13);
    expect(hashedNgramFeatures('hello', { ...base, charNgramRange: null, wordBigrams: false })).toHaveLength(1);
  });

  it('is deterministic per seed, case-insensitive by default, and stays in range', () => {
    const a = hashedNgramFeatures('Wireless Headphones', base);
    expect(hashedNgramFeatures('wireless headphones', base)).toEqual(a);
    expect(hashedNgramFeatures('wireless headphones', { ...base, seed: 1 })).not.toEqual(a);
    const small = hashedNgramFeatures('wireless headphones', { ...base, buckets: 7 });
    expect(small.every((b) => Number.isInteger(b) && b >= 0 && b < 7)).toBe(true);
  });

  it('tells feature types apart: the word "abc" and its char 3-gram differ', () => {
    const onlyWord = hashedNgramFeatures('abc', { ...base, charNgramRange: null, wordBigrams: false });
    const onlyChars = hashedNgramFeatures('abc', { ...base, wordUnigrams: false, wordBigrams: false, charNgramRange: [3, 3] });
    // char 3-grams of "<abc>": "<ab", "abc", "bc>"
    expect(onlyChars).toHaveLength(3);
    expect(onlyChars).not.toContain(onlyWord[0]);
  });

  it('counts n-grams in code points, not UTF-16 units', () => {
    const chars = { ...base, wordUnigrams: false, wordBigrams: false };
    // U+20000 is one code point (two UTF-16 units): "<𠀀𠀀>" has 4 code points → two 3-grams, one 4-gram.
    expect(hashedNgramFeatures('\u{20000}\u{20000}', chars)).toHaveLength(3);
    // Emoji are not letters or digits, so they form no word.
    expect(hashedNgramFeatures('😀😀', chars)).toHaveLength(0);
  });

  it('stops at maxFeaturesPerText', () => {
    expect(hashedNgramFeatures('one two three four five six', { ...base, maxFeaturesPerText: 5 })).toHaveLength(5);
  });
});

describe('buildFeatureBatch', () => {
  const unigrams: HashedNgramFeatureConfig = { ...base, wordBigrams: false, charNgramRange: null };

  it('builds the pooling matrix over distinct buckets (mean)', () => {
    const [a] = hashedNgramFeatures('a', unigrams);
    const [b] = hashedNgramFeatures('b', unigrams);
    const batch = buildFeatureBatch(['a a b', '', 'b'], unigrams, 'mean');
    const sorted = [a as number, b as number].sort((x, y) => x - y);
    expect(Array.from(batch.buckets)).toEqual(sorted);
    const col = (bucket: number | undefined): number => sorted.indexOf(bucket as number);
    const w = (row: number, bucket: number | undefined): number => batch.weights[row * 2 + col(bucket)] as number;
    expect(batch.size).toBe(3);
    expect(Array.from(batch.featureCounts)).toEqual([3, 0, 1]);
    expect(w(0, a)).toBeCloseTo(2 / 3, 7);
    expect(w(0, b)).toBeCloseTo(1 / 3, 7);
    expect([w(1, a), w(1, b)]).toEqual([0, 0]);
    expect([w(2, a), w(2, b)]).toEqual([0, 1]);
  });

  it('scales rows by 1/sqrt(n) for sqrtn pooling', () => {
    const batch = buildFeatureBatch(['x y z w'], unigrams, 'sqrtn');
    expect(Array.from(batch.weights)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });
});

describe('hashFeature', () => {
  it('defines every bucket: tag + feature text, seeded, modulo buckets', () => {
    const config = { ...base, buckets: 1000, wordBigrams: false, charNgramRange: [3, 4] as const };
    const basis = seedBasis(config.seed);
    const expected = ['ab', '<ab', '<ab>', 'ab>'].map((f, i) => hashFeature(basis, i === 0 ? 'w' : 'c', f) % 1000);
    expect(hashedNgramFeatures('AB', config)).toEqual(expected);
  });
});
