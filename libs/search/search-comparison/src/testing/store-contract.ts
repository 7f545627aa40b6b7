// The contract every ComparisonStore passes (in memory here, on FerretDB in search-comparison-mongo).
// Two store instances over the same data stand for two API processes.
import type { ComparisonEnd, ComparisonRecord } from '../lib/model.js';
import type { ComparisonStore } from '../lib/ports.js';

export interface ComparisonStoreContractOptions {
  /** Two stores over one fresh, empty namespace. */
  makePair(): Promise<{ a: ComparisonStore; b: ComparisonStore; cleanup?: () => Promise<void> }>;
}

const record = (seq: number, collection = 'docs'): ComparisonRecord => ({
  id: `${collection}.${seq}`,
  collection,
  seq,
  method: 'interleaving',
  control_version: 1,
  candidate_model_id: 'm1',
  candidate_artifact_key: 'models/m1',
  share: 0.5,
  alpha: 0.05,
  min_queries: 10,
  max_queries: 100,
  started_at: 1_700_000_000 + seq,
});

const end = (id: string, status: ComparisonEnd['status'], queries: number): ComparisonEnd => ({
  id,
  status,
  decision: status === 'decided' ? 'candidate' : null,
  ended_at: 1_700_000_100,
  counts: { queries, wins_candidate: queries, wins_control: 0, ties: 0, win_rate: 1, ci: [0.8, 1], p_value: 0.001 },
});

/** Registers the comparison-store contract in the calling test file. */
export function comparisonStoreContract(name: string, options: ComparisonStoreContractOptions): void {
  describe(`ComparisonStore contract: ${name}`, () => {
    let a: ComparisonStore;
    let b: ComparisonStore;
    let cleanup: (() => Promise<void>) | undefined;
    beforeEach(async () => {
      ({ a, b, cleanup } = await options.makePair());
    });
    afterEach(async () => {
      await cleanup?.();
    });

    it('stores a record once per id: of 8 concurrent inserts across two stores exactly one wins', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).insert({ ...record(1), candidate_model_id: `m${i}` })));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect((await b.get('docs.1'))?.record.candidate_model_id).toBe(`m${winner}`);
    });

    it('answers the newest record of a collection, lists newest first, and keeps collections apart', async () => {
      expect(await a.latest('docs')).toBeUndefined();
      for (const seq of [1, 2, 3]) expect(await a.insert(record(seq))).toBe(true);
      expect(await a.insert(record(1, 'other'))).toBe(true);
      expect((await b.latest('docs'))?.record.id).toBe('docs.3');
      expect((await b.list('docs')).map((s) => s.record.id)).toEqual(['docs.3', 'docs.2', 'docs.1']);
      expect((await b.list('other')).map((s) => s.record)).toEqual([record(1, 'other')]);
      expect(await b.get('docs.9')).toBeUndefined();
    });

    it('stores one end per comparison: the first writer wins and every later one reads it back', async () => {
      await a.insert(record(1));
      const ends = await Promise.all([a.end(end('docs.1', 'stopped', 5)), b.end(end('docs.1', 'decided', 7))]);
      expect(ends[0]).toEqual(ends[1]);
      expect((await a.get('docs.1'))?.end).toEqual(ends[0]);
      expect((await b.latest('docs'))?.end).toEqual(ends[0]);
      expect(await b.end(end('docs.1', 'stopped', 99))).toEqual(ends[0]);
    });

    it('lists the comparisons without an end, of every collection', async () => {
      for (const r of [record(1), record(2), record(1, 'other')]) await a.insert(r);
      await a.end(end('docs.1', 'stopped', 1));
      expect((await b.running()).map((s) => s.record.id).sort()).toEqual(['docs.2', 'other.1']);
    });
  });
}
