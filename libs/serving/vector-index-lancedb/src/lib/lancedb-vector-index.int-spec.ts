// Runs the VectorIndex contract on a real LanceDB directory, plus LanceDB-specific checks:
// a writer in another process, the automatic ANN index and exact search beside it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createMemoryAliasRegistry, exactTopK, randomVector, seededRandom, vectorIndexContract } from '@embedding-studio/vector-index/testing';
import * as lancedb from '@lancedb/lancedb';
import type { IndexDoc } from '@embedding-studio/vector-index';
import { createLanceDbVectorIndex, type LanceDbVectorIndex } from './lancedb-vector-index.js';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'es-lancedb-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

vectorIndexContract('lancedb', () => createLanceDbVectorIndex({ uri: tempDir(), aliases: createMemoryAliasRegistry() }));

describe('LanceDB adapter', () => {
  const spec = { name: 'papers', vectors: { a: { dims: 16, metric: 'cosine' as const } }, payload: { year: 'int' as const } };
  const docs = (count: number, seed: number): IndexDoc[] => {
    const next = seededRandom(seed);
    return Array.from({ length: count }, (_, i) => ({ id: `d${i}`, vectors: { a: randomVector(16, next) }, payload: { year: 2000 + (i % 20) } }));
  };

  it('sees rows another process commits, without reopening', async () => {
    const uri = tempDir();
    const index = await createLanceDbVectorIndex({ uri, aliases: createMemoryAliasRegistry() });
    try {
      await index.ensureCollection(spec);
      await index.upsert('papers', docs(3, 1));
      expect(await index.count('papers')).toBe(3);
      const writer = `
        const lancedb = await import('@lancedb/lancedb');
        const db = await lancedb.connect(${JSON.stringify(uri)});
        const t = await db.openTable('papers');
        await t.add([{ id: 'other', v_a: Array.from({ length: 16 }, (_, i) => (i === 0 ? 1 : 0)), p_year: 1999, payload: JSON.stringify({ year: 1999 }) }]);
      `;
      await promisify(execFile)(process.execPath, ['--input-type=module', '-e', writer], { cwd: process.cwd() });
      expect(await index.count('papers')).toBe(4);
      expect(await index.get('papers', ['other'], { withVectors: false })).toEqual([{ id: 'other', vectors: {}, payload: { year: 1999 } }]);
    } finally {
      await index.close();
    }
  }, 60_000);

  it('builds an ANN index once a table passes the threshold, and exact search still answers the ground truth', async () => {
    const uri = tempDir();
    const index: LanceDbVectorIndex = await createLanceDbVectorIndex({ uri, aliases: createMemoryAliasRegistry(), annThreshold: 1000 });
    const indexTypes = async (): Promise<string[]> => {
      const db = await lancedb.connect(uri);
      const types = (await (await db.openTable('papers')).listIndices()).filter((ix) => ix.columns.includes('v_a')).map((ix) => ix.indexType);
      db.close();
      return types;
    };
    try {
      await index.ensureCollection(spec);
      const all = docs(1200, 2);
      await index.upsert('papers', all.slice(0, 600));
      await index.idle();
      const before = await index.search({ target: 'papers', slot: 'a', vector: all[0]!.vectors.a!, k: 1 });
      expect(before[0]?.id).toBe('d0');
      expect(await indexTypes()).toEqual([]);
      await index.upsert('papers', all.slice(600));
      await index.idle();
      expect(await indexTypes()).toEqual(['IvfHnswSq']);
      const next = seededRandom(9);
      let overlap = 0;
      for (let q = 0; q < 20; q++) {
        const query = randomVector(16, next);
        const truth = exactTopK(all, 'a', 'cosine', query, 10).map((h) => h.id);
        const exact = await index.search({ target: 'papers', slot: 'a', vector: query, k: 10, accuracy: 'exact' });
        expect(exact.map((h) => h.id)).toEqual(truth);
        const ann = await index.search({ target: 'papers', slot: 'a', vector: query, k: 10 });
        overlap += ann.filter((h) => truth.includes(h.id)).length;
      }
      expect(overlap / 200).toBeGreaterThanOrEqual(0.8);
      const filtered = await index.search({ target: 'papers', slot: 'a', vector: all[5]!.vectors.a!, k: 5, filter: { field: 'year', eq: 2005 } });
      expect(filtered.every((h) => (h.payload?.['year'] as number) === 2005)).toBe(true);
      expect(filtered[0]?.id).toBe('d5');
    } finally {
      await index.close();
    }
  }, 300_000);
});
