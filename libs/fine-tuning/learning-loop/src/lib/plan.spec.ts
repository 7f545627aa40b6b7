import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedDataset } from '@embedding-studio/click-simulation';
import { normalQueryText } from './held-out-guard.js';
import { loopCollectionName, planQueries, writeCorpusJsonl } from './plan.js';

const corpus = Array.from({ length: 100 }, (_, i) => ({ id: `d${i}`, title: `T${i}`, text: `body ${i}` }));
const queries = Array.from({ length: 40 }, (_, i) => ({ id: `q${i}`, text: i === 39 ? 'Query 0' : `Query ${i}` }));
const qrels = new Map(queries.map((q, i) => [q.id, new Map([[`d${i}`, 1], [`d${i + 50}`, 0]])]));
const ds: LoadedDataset = { name: 'mini', dir: '/x', corpus, queries, qrels, corpusSha: 'c', queriesSha: 'q' };

describe('planQueries', () => {
  it('holds a seeded share out, keeps the pool free of held-out ids and texts, and is deterministic', () => {
    const a = planQueries(ds, { seed: 3 });
    const b = planQueries(ds, { seed: 3 });
    expect(a).toEqual(b);
    expect(a.heldOut).toHaveLength(8);
    const heldIds = new Set(a.heldOut.map((q) => q.id));
    const heldTexts = new Set(a.heldOut.map((q) => normalQueryText(q.text)));
    expect(a.pool.some((q) => heldIds.has(q.id) || heldTexts.has(normalQueryText(q.text)))).toBe(false);
    expect(a.pool.length + a.heldOut.length + a.removedFromPool).toBe(40);
    expect(a.heldOut[0]!.judgments.size).toBe(1); // grade 0 is judged, not relevant
    expect(a.docIds).toHaveLength(100);
    expect(planQueries(ds, { seed: 4 }).heldOut).not.toEqual(a.heldOut);
  });

  it('limits queries and documents, keeping every relevant document of the chosen queries', () => {
    const plan = planQueries(ds, { seed: 3, maxPool: 10, maxHeldOut: 4, maxDocs: 30 });
    expect(plan.pool).toHaveLength(10);
    expect(plan.heldOut).toHaveLength(4);
    expect(plan.docIds).toHaveLength(30);
    const docs = new Set(plan.docIds);
    for (const q of plan.pool) for (const d of q.relevant) expect(docs.has(d)).toBe(true);
    for (const q of plan.heldOut) for (const d of q.judgments.keys()) expect(docs.has(d)).toBe(true);
  });

  it('names the collection after the dataset and the embedded fields', () => {
    expect(loopCollectionName('scifact', ['title', 'text'])).toBe('scifact');
    expect(loopCollectionName('sci-fact', ['title'], '_quick')).toBe('sci_fact_title_quick');
  });

  it('rejects a held-out share outside (0, 1)', () => {
    expect(() => planQueries(ds, { seed: 1, heldOutFraction: 1 })).toThrow(expect.objectContaining({ code: 'LEARNING_LOOP_INVALID_ARGUMENT' }));
  });

  it('writes the chosen documents as import lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loop-plan-'));
    try {
      writeCorpusJsonl(ds, ['d2', 'd1'], join(dir, 'sub', 'items.jsonl'));
      const lines = readFileSync(join(dir, 'sub', 'items.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
      expect(lines).toEqual([{ id: 'd1', title: 'T1', text: 'body 1' }, { id: 'd2', title: 'T2', text: 'body 2' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
