// The search benchmark's items: every SciFact document (title + abstract), then overlapping
// sentence windows of the abstracts (1, then 2, then 3 sentences long) until the target count.
// Windows are real text the encoder has to embed, so their vectors are real MiniLM vectors with the
// near-duplicates and topic clusters a product catalogue or a paper collection really has.
import { documentText, type BeirDocument } from '@embedding-studio/click-simulation';

export interface SearchBenchItem {
  id: string;
  text: string;
  /** The SciFact document the text comes from. */
  docId: string;
  kind: 'doc' | 'window';
}

/**
 * Splits an abstract into sentences: a full stop, ! or ? followed by a capital (SciFact abstracts
 * often lack the space: "hematopoiesis.Here we report").
 */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s*(?=[A-Z])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Window sizes, in the order they are added. */
const WINDOW_SIZES = [1, 2, 3] as const;
/** Windows shorter than this are skipped (headings, stray fragments). */
const MIN_WINDOW_CHARS = 40;

/** Builds `target` items (fewer if the corpus runs out): documents first, then windows, deterministically. */
export function buildSearchBenchItems(corpus: readonly BeirDocument[], target: number): SearchBenchItem[] {
  const items: SearchBenchItem[] = [];
  const seen = new Set<string>();
  const push = (item: SearchBenchItem): boolean => {
    if (items.length >= target) return false;
    if (seen.has(item.text)) return true;
    seen.add(item.text);
    items.push(item);
    return true;
  };
  for (const doc of corpus) if (!push({ id: `doc:${doc.id}`, text: documentText(doc), docId: doc.id, kind: 'doc' })) return items;
  const split = corpus.map((doc) => ({ doc, parts: sentences(doc.text) }));
  for (const size of WINDOW_SIZES) {
    for (const { doc, parts } of split) {
      if (parts.length <= size) continue;
      for (let start = 0; start + size <= parts.length; start++) {
        const text = parts.slice(start, start + size).join(' ');
        if (text.length < MIN_WINDOW_CHARS) continue;
        if (!push({ id: `win:${doc.id}:${size}:${start}`, text, docId: doc.id, kind: 'window' })) return items;
      }
    }
  }
  return items;
}

/** Nearest-rank percentile of samples (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}
