import { createRng, shuffle } from '@embedding-studio/random';
import { relevantDocs } from '@embedding-studio/click-simulation';
import type { Qrels } from '@embedding-studio/click-simulation';
import type { HeldOutCarve } from './held-out.js';
import type { QuerySplit } from './query-split.js';

/** Seed of the doc-disjoint held-out carve (fixed in the repository, distinct from the others). */
export const DOC_DISJOINT_SEED = 20261207;
/** Target share of the committed click pool set aside (reached with whole groups, never exceeded). */
export const DOC_DISJOINT_FRACTION = 0.2;

/**
 * Groups query ids that are linked through shared relevant docs (connected components of the
 * query–doc graph). Queries without a relevant doc form singleton groups. Each group is
 * sorted; groups come in the order of their smallest id.
 */
export function relevanceGroups(queryIds: readonly string[], qrels: Qrels): string[][] {
  const ids = [...new Set(queryIds)].sort();
  const parent = new Map(ids.map((q) => [q, q]));
  const find = (q: string): string => {
    let r = q;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(q, r);
    return r;
  };
  const byDoc = new Map<string, string>();
  for (const q of ids) {
    for (const d of relevantDocs(qrels, q)) {
      const other = byDoc.get(d);
      if (other === undefined) byDoc.set(d, q);
      else {
        const [a, b] = [find(q), find(other)].sort() as [string, string];
        if (a !== b) parent.set(b, a);
      }
    }
  }
  const groups = new Map<string, string[]>();
  for (const q of ids) {
    const r = find(q);
    groups.set(r, [...(groups.get(r) ?? []), q]);
  }
  return [...groups.values()];
}

/**
 * Carves a held-out evaluation set that shares **no relevant doc** with the queries left for
 * the click pool and dev: whole relevance groups (see {@link relevanceGroups}) of all judged
 * queries, taken in a seeded order, among the groups that lie entirely in the committed click
 * pool (dev tuned the plan, so none of its queries or their docs is held out), until the next
 * group would pass `fraction` of the click pool. Deterministic in (split, qrels, fraction, seed).
 */
export function carveDocDisjoint(split: QuerySplit, qrels: Qrels, fraction = DOC_DISJOINT_FRACTION, seed = DOC_DISJOINT_SEED): HeldOutCarve {
  const pool = new Set(split.clickPool);
  const groups = relevanceGroups([...split.clickPool, ...split.dev], qrels).filter((g) => g.every((q) => pool.has(q)));
  const target = Math.round(split.clickPool.length * fraction);
  const heldOut: string[] = [];
  for (const g of shuffle(groups, createRng(seed))) {
    if (heldOut.length + g.length > target) continue;
    heldOut.push(...g);
    if (heldOut.length === target) break;
  }
  const out = new Set(heldOut);
  const rest = [...split.clickPool.filter((q) => !out.has(q)), ...split.dev].sort();
  return { heldOut: heldOut.sort(), rest };
}
