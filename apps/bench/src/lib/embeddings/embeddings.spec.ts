import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddingModel } from '@embedding-studio/model-runtime';
import { cacheFolder, readCachedMatrix, writeCachedMatrix } from './cache.js';
import { embedWithCache } from './embed.js';
import { createProgressBar, formatDuration, formatProgress } from './progress.js';

function countingModel(): EmbeddingModel & { calls: number } {
  const m = {
    id: 'test/model',
    version: 'abcdef0123456789ffff',
    dimension: 2,
    calls: 0,
    async embedItems(texts: readonly string[]) {
      m.calls += 1;
      return { count: texts.length, dimension: 2, data: Float32Array.from(texts.flatMap((t) => [t.length, 1])) };
    },
    async embedQueries(texts: readonly string[]) {
      return m.embedItems(texts);
    },
    async dispose() {
      return undefined;
    },
  };
  return m;
}

describe('embedding cache', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'bench-cache-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('round-trips float32 matrices and rejects mismatched ids or texts', () => {
    const folder = cacheFolder(root, 'm'.repeat(40), 'c'.repeat(40));
    expect(folder).toBe(join(root, `${'m'.repeat(16)}-${'c'.repeat(16)}`));
    const data = Float32Array.from([0.1, -2, 3.5, 1e-7]);
    writeCachedMatrix(folder, 'corpus', data, { model_id: 'x', model_sha: 'm', corpus_sha: 'c', ids: ['a', 'b'], dimension: 2, texts_sha: 't' });
    expect(readCachedMatrix(folder, 'corpus', { ids: ['a', 'b'], textsSha: 't' })?.data).toEqual(data);
    expect(readCachedMatrix(folder, 'corpus', { ids: ['b', 'a'], textsSha: 't' })).toBeUndefined();
    expect(readCachedMatrix(folder, 'corpus', { ids: ['a', 'b'], textsSha: 'other' })).toBeUndefined();
    expect(readCachedMatrix(folder, 'missing', { ids: [], textsSha: 't' })).toBeUndefined();
  });

  it('embeds in batches, normalises, and reads the second time from the cache', async () => {
    const model = countingModel();
    const opts = { model, side: 'items' as const, ids: ['a', 'b', 'c'], texts: ['xxx', 'y', 'zzzz'], cacheRoot: root, corpusSha: 'c'.repeat(64), name: 'corpus', batchSize: 2 };
    const first = await embedWithCache(opts);
    expect(first.cached).toBe(false);
    expect(model.calls).toBe(2);
    const row0 = first.table.data.subarray(0, 2);
    expect(row0[0]).toBeCloseTo(3 / Math.sqrt(10), 6);
    const second = await embedWithCache(opts);
    expect(second.cached).toBe(true);
    expect(model.calls).toBe(2);
    expect(second.table.data).toEqual(first.table.data);
    await embedWithCache({ ...opts, texts: ['xxx', 'y', 'changed'] });
    expect(model.calls).toBe(4);
  });
});

describe('progress', () => {
  it('formats a bar with rate and ETA', () => {
    expect(formatProgress('embedding corpus', 50, 200, 10, 8)).toBe('embedding corpus [##------] 50/200 25% 5.0/s ETA 30s');
    expect(formatDuration(88)).toBe('1m28s');
    expect(formatDuration(3720)).toBe('1h02m');
    expect(formatDuration(Number.NaN)).toBe('?');
  });

  it('prints at most one line per 10% when not a TTY', () => {
    const lines: string[] = [];
    let t = 0;
    const bar = createProgressBar('x', 100, { write: (s: string) => lines.push(s) }, () => t);
    for (let i = 1; i <= 100; i++) {
      t += 10;
      bar.update(i);
    }
    bar.done();
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toContain('100/100 100%');
  });
});
