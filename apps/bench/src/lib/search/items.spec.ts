import { buildSearchBenchItems, percentile, sentences } from './items.js';

const corpus = [
  { id: '1', title: 'Vitamin D', text: 'Vitamin D matters for bones in adults. It is made in the skin. Sunlight helps a lot with that process.' },
  { id: '2', title: 'Sleep', text: 'Sleep affects memory consolidation in many ways.Naps help too, in children and in adults. Three studies agree on this finding.' },
];

describe('search bench items', () => {
  it('splits abstracts into sentences', () => {
    expect(sentences(corpus[0]!.text)).toEqual(['Vitamin D matters for bones in adults.', 'It is made in the skin.', 'Sunlight helps a lot with that process.']);
    expect(sentences(corpus[1]!.text)).toHaveLength(3);
  });

  it('takes documents first, then 1-, 2- and 3-sentence windows, deterministically and without duplicates', () => {
    const items = buildSearchBenchItems(corpus, 100);
    expect(items.slice(0, 2).map((i) => i.id)).toEqual(['doc:1', 'doc:2']);
    expect(items.slice(2, 4).map((i) => i.id)).toEqual(['win:2:1:0', 'win:2:1:1']);
    expect(items.map((i) => i.id)).toContain('win:1:2:1');
    expect(new Set(items.map((i) => i.text)).size).toBe(items.length);
    expect(items.every((i) => i.kind === 'doc' || i.text.length >= 40)).toBe(true);
    expect(buildSearchBenchItems(corpus, 100)).toEqual(items);
    expect(buildSearchBenchItems(corpus, 3)).toEqual(items.slice(0, 3));
  });

  it('computes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([], 50)).toBeNaN();
  });
});
