import { createRng, shuffle } from '@embedding-studio/random';
import { checkNumberIn } from '../internal/check.js';
import { itemIdsOf, type RankingExample, type RankingExamples } from '../examples/ranking-example.js';

export interface ItemDisjointSplitOptions {
  /**
   * Target share of the distinct items that go to the test side, in [0, 1). 0 puts everything
   * in train.
   * @defaultValue 0.2
   */
  testSize?: number;
  /**
   * Seed of the split.
   * @defaultValue 0
   */
  seed?: number | string;
  /**
   * Also keep the test side disjoint in queries: a test example with clicks whose query text
   * (trimmed, case-folded) is also the query of a train example is dropped (`query-in-train`),
   * so click metrics measure queries the model never trained on, on items it never trained on.
   * Irrelevant test examples are kept (they measure that such queries do not move).
   * @defaultValue false
   */
  queryDisjoint?: boolean;
}

/** Why an example was dropped by the split. */
export type SplitDropReason = 'lost-all-positives' | 'lost-all-results' | 'query-in-train';

export interface SplitReport {
  /** Distinct items over all examples, and how many ended on each side. */
  items: { total: number; train: number; test: number };
  /** Examples (with clicks / irrelevant) on each side. */
  train: { examples: number; irrelevant: number };
  test: { examples: number; irrelevant: number };
  /** Examples that straddled the split and lost the references to the other side's items. */
  trimmedExamples: number;
  /** Item references removed by trimming. */
  removedRefs: number;
  /** Examples dropped because trimming left nothing to learn from. */
  dropped: Array<{ exampleId: string; sessionId: string; reason: SplitDropReason }>;
  /** Conditions the caller should know about (an empty test side, a test side without clicks…). */
  warnings: string[];
}

export interface ItemDisjointSplit {
  train: RankingExamples;
  test: RankingExamples;
  /** Items reserved for the test side. */
  testItems: ReadonlySet<string>;
  report: SplitReport;
}

/**
 * Splits examples so that **no item of a test example appears in a train example** (the test
 * side measures generalisation to unseen items, as the original's item split intended).
 *
 * 1. The test items are grown from whole examples taken in a seeded random order: an example
 *    whose new items still fit under `testSize · #items` adds them all, so test sessions tend to
 *    come out whole.
 * 2. Each example goes to the side holding the majority of its items (ties → train); references
 *    to the other side's items are removed. An example with clicks that loses every positive, or
 *    an irrelevant example that loses every result, is dropped and reported.
 *
 * 3. With `queryDisjoint`, test examples with clicks whose query is also a train query are dropped.
 *
 * Never throws on degenerate input (no examples, one session, no clicks, everything clicked);
 * it says what happened in `report.warnings`. Deterministic for a seed and input order.
 */
export function splitItemDisjoint(input: RankingExamples, options: ItemDisjointSplitOptions = {}): ItemDisjointSplit {
  const testSize = checkNumberIn('testSize', options.testSize ?? 0.2, 0, 1, false, true);
  const rng = createRng(options.seed ?? 0);
  const all = [...input.examples, ...input.irrelevant];

  const universe = new Set<string>();
  for (const e of all) for (const id of itemIdsOf(e)) universe.add(id);
  const total = universe.size;
  const target = testSize === 0 || total < 2 ? 0 : Math.min(total - 1, Math.max(1, Math.round(testSize * total)));

  const testItems = new Set<string>();
  for (const e of shuffle(all, rng)) {
    if (testItems.size >= target) break;
    const fresh = [...new Set(itemIdsOf(e))].filter((id) => !testItems.has(id));
    if (fresh.length > 0 && testItems.size + fresh.length <= target) for (const id of fresh) testItems.add(id);
  }

  const report: SplitReport = {
    items: { total, train: 0, test: 0 },
    train: { examples: 0, irrelevant: 0 },
    test: { examples: 0, irrelevant: 0 },
    trimmedExamples: 0,
    removedRefs: 0,
    dropped: [],
    warnings: [],
  };
  const train: RankingExamples = { examples: [], irrelevant: [] };
  const test: RankingExamples = { examples: [], irrelevant: [] };

  for (const e of all) {
    const ids = itemIdsOf(e);
    const inTest = ids.filter((id) => testItems.has(id)).length;
    const toTest = inTest * 2 > ids.length;
    const keep = (id: string): boolean => testItems.has(id) === toTest;
    let example: RankingExample = e;
    if (inTest > 0 && inTest < ids.length) {
      const positives = e.positives.filter((p) => keep(p.id));
      const negatives = e.negatives.filter((n) => keep(n.id));
      report.trimmedExamples++;
      report.removedRefs += ids.length - positives.length - negatives.length;
      if (!e.irrelevant && positives.length === 0) {
        report.dropped.push({ exampleId: e.exampleId, sessionId: e.sessionId, reason: 'lost-all-positives' });
        continue;
      }
      if (e.irrelevant && negatives.length === 0) {
        report.dropped.push({ exampleId: e.exampleId, sessionId: e.sessionId, reason: 'lost-all-results' });
        continue;
      }
      example = { ...e, positives, negatives };
    }
    const side = toTest ? test : train;
    (example.irrelevant ? side.irrelevant : side.examples).push(example);
  }

  if (options.queryDisjoint === true) {
    const key = (q: string): string => q.trim().toLowerCase();
    const trained = new Set([...train.examples, ...train.irrelevant].map((e) => key(e.query)));
    const keepTest = (e: RankingExample): boolean => {
      if (!trained.has(key(e.query))) return true;
      report.dropped.push({ exampleId: e.exampleId, sessionId: e.sessionId, reason: 'query-in-train' });
      return false;
    };
    test.examples = test.examples.filter(keepTest);
  }

  const used = (side: RankingExamples): number => new Set([...side.examples, ...side.irrelevant].flatMap(itemIdsOf)).size;
  report.items.train = used(train);
  report.items.test = used(test);
  report.train = { examples: train.examples.length, irrelevant: train.irrelevant.length };
  report.test = { examples: test.examples.length, irrelevant: test.irrelevant.length };
  if (all.length === 0) report.warnings.push('no examples to split');
  else {
    if (testSize > 0 && test.examples.length + test.irrelevant.length === 0) {
      report.warnings.push('the test side is empty: too few distinct items or sessions to hold items out');
    } else if (testSize > 0 && test.examples.length === 0) report.warnings.push('the test side has no example with clicks');
    if (train.examples.length === 0) report.warnings.push('the train side has no example with clicks');
  }
  return { train, test, testItems, report };
}
