// The README "Quick start", kept compiling and passing here.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonlItemLoader, prepareRankingDataset } from './index.js';
import { aSessionWithEvents } from '@embedding-studio/clickstream-core/testing';

describe('README quick start', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'data-loaders-quick-start-'));
    const docs = Array.from({ length: 12 }, (_, i) => JSON.stringify({ _id: `d${i + 1}`, title: 'Title', text: 'Body' }));
    await writeFile(join(dir, 'corpus.jsonl'), docs.join('\n'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs', async () => {
    const sessions = [
      aSessionWithEvents({ query: 'a', results: ['d1', 'd2', 'd3'], clicks: ['d2'] }),
      aSessionWithEvents({ query: 'a', results: ['d1', 'd2', 'd3'], clicks: ['d1'] }),
      aSessionWithEvents({ query: 'b', results: ['d4', 'd5', 'd6'], clicks: ['d6'] }),
      aSessionWithEvents({ query: 'c', results: ['d7', 'd8', 'd9'] }),
      aSessionWithEvents({ query: 'd', results: ['d10', 'd11', 'd12'], clicks: ['d12'] }),
    ];
    const dataset = await prepareRankingDataset(sessions, {
      loader: createJsonlItemLoader({ path: join(dir, 'corpus.jsonl'), textFields: ['title', 'text'] }),
      examples: { negativeRatio: 0.5, seed: 1, ips: {} },
      split: { testSize: 0.2, seed: 1 },
    });
    expect(dataset.train.examples.length + dataset.test.examples.length).toBe(4);
    expect(dataset.train.irrelevant.length + dataset.test.irrelevant.length).toBe(1);
    expect(dataset.items.get('d1')?.text).toBe('Title Body');
    expect(dataset.report.missingItems).toEqual([]);
    expect(Array.isArray(dataset.report.split.warnings)).toBe(true);
  });
});
