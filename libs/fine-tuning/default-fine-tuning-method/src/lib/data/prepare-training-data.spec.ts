import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import type { JsonObject } from '@embedding-studio/primitives';
import { createJsonlItemLoader, createMetaItemLoader } from '@embedding-studio/data-loaders';
import { aResult, aSessionWithEvents } from '@embedding-studio/clickstream-core/testing';
import { textItemEncoder } from '@embedding-studio/fine-tuning-builder';
import type { EmbeddingModel } from '@embedding-studio/model-runtime';
import { rejection } from '../testing/fixtures.js';
import { bagOfWordsVector, createBagOfWordsEncoder } from '../../testing.js';
import { prepareTrainingData, type PrepareTrainingDataOptions } from './prepare-training-data.js';

const meta = (title: string, text?: string): JsonObject => (text === undefined ? { title } : { title, text });

/** Two sessions with clicks on disjoint items; item g has no meta, so no text. */
function twoSessions(): SessionWithEvents[] {
  return [
    aSessionWithEvents({
      id: 's1',
      query: 'red shoes',
      results: [aResult('a', 1, meta('Red Shoe', 'running')), aResult('b', 2, meta('Blue Hat', 'wool')), aResult('c', 3, meta('Green Scarf', 'silk'))],
      clicks: ['a'],
    }),
    aSessionWithEvents({
      id: 's2',
      query: '  warm hat ',
      results: [aResult('d', 1, meta('Wool Hat', 'winter')), aResult('e', 2, meta('Sun Hat', 'summer')), aResult('f', 3, meta('Cap')), aResult('g', 4, null)],
      clicks: ['d'],
    }),
  ];
}

const TEXTS: Record<string, string> = { a: 'Red Shoe running', b: 'Blue Hat wool', c: 'Green Scarf silk', d: 'Wool Hat winter', e: 'Sun Hat summer', f: 'Cap' };

function options(sessions: readonly SessionWithEvents[], overrides: Partial<Omit<PrepareTrainingDataOptions, 'encoder'>> & { encoder?: EmbeddingModel } = {}): PrepareTrainingDataOptions {
  const { encoder = createBagOfWordsEncoder({ dimension: 16 }), ...rest } = overrides;
  return {
    encoder: textItemEncoder(encoder),
    loader: createMetaItemLoader(sessions, { fields: ['title', 'text'] }),
    seed: 42,
    testSize: 0.2,
    negativeRatio: 1,
    clickEventTypes: ['click'],
    embedBatchSize: 64,
    missingItemsHint: 'HINT',
    ...rest,
  };
}

function rowOf(table: { ids: readonly string[]; dimension: number; data: Float32Array }, id: string): Float32Array {
  const i = table.ids.indexOf(id);
  expect(i).toBeGreaterThanOrEqual(0);
  return table.data.slice(i * table.dimension, (i + 1) * table.dimension);
}

describe('prepareTrainingData', () => {
  it('turns sessions into examples, texts from meta fields, an item-disjoint split and vectors', async () => {
    const sessions = twoSessions();
    const encoder = createBagOfWordsEncoder({ dimension: 16 });
    const { data, report } = await prepareTrainingData(sessions, options(sessions, { encoder }));

    // 6 items with text: 0.2, 0.3 and 0.4 hold out at most 2 items, and each session has 3, so
    // the first 12 attempts leave test empty; 0.5 holds out 3 items = one whole session.
    expect(report.split).toEqual({ testSize: 0.5, seed: '42', attempts: 13, trimmedExamples: 0, removedRefs: 0 });
    expect(data.train).toHaveLength(1);
    expect(data.test).toHaveLength(1);
    // Query ids are the (trimmed) query texts.
    const bySession = {
      'red shoes': { queryId: 'red shoes', positives: ['a'], negatives: ['b', 'c'] },
      'warm hat': { queryId: 'warm hat', positives: ['d'], negatives: ['e', 'f'] },
    };
    const testId = data.test[0]?.queryId as 'red shoes' | 'warm hat';
    const trainId = testId === 'red shoes' ? 'warm hat' : 'red shoes';
    expect(data.train).toEqual([bySession[trainId]]);
    expect(data.test).toEqual([bySession[testId]]);

    // Item vectors are the encoder's vectors of title + ' ' + text; g (no meta) is left out.
    expect(data.items.ids).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    for (const [id, text] of Object.entries(TEXTS)) expect(rowOf(data.items as never, id)).toEqual(bagOfWordsVector(text, 16));
    // One query row per distinct text, train first, then test.
    expect(data.queries.ids).toEqual([trainId, testId]);
    expect(rowOf(data.queries as never, 'red shoes')).toEqual(bagOfWordsVector('red shoes', 16));
    expect(rowOf(data.queries as never, 'warm hat')).toEqual(bagOfWordsVector('warm hat', 16));
    expect(encoder.calls).toEqual([
      { side: 'queries', texts: [trainId, testId] },
      { side: 'items', texts: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => TEXTS[id]) },
    ]);

    expect(report).toMatchObject({
      sessions: {
        received: 2,
        used: 2,
        withClicks: 2,
        irrelevant: 0,
        flaggedWithClicks: 0,
        skipped: { 'no-results': 0, 'empty-query': 0, 'duplicate-session-id': 0, 'items-missing': 0, 'split-trimmed': 0, 'irrelevant-on-train-side': 0 },
      },
      items: { source: 'session result meta', referenced: 7, missing: 1, embedded: 6 },
      queries: { examples: 2, distinctTexts: 2 },
      train: { examples: 1, rows: 1 },
      test: { examples: 1, irrelevant: 0 },
      dimension: 16,
      encoder: { id: 'test/bag-of-words', version: 'fnv1a-16-0' },
    });
  });

  it('reads item texts from a JSONL file instead of result meta', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'es-default-method-'));
    try {
      const file = join(dir, 'items.jsonl');
      writeFileSync(
        file,
        [
          { _id: 'a', title: 'Trail Runner', text: 'grippy sole' },
          { _id: 'b', title: 'Bowler', text: 'felt' },
          { id: 'c', title: 'Scarf' },
          { _id: 'd', title: 'Beanie', text: 'knitted' },
          { _id: 'e', title: 'Visor' },
          { _id: 'f', title: 'Beret', text: 'french' },
          { _id: 'unused', title: 'never requested' },
        ]
          .map((r) => JSON.stringify(r))
          .join('\n'),
      );
      const sessions = twoSessions(); // its meta says something else: the file wins
      const encoder = createBagOfWordsEncoder({ dimension: 16 });
      const { data, report } = await prepareTrainingData(sessions, options(sessions, { encoder, loader: createJsonlItemLoader({ path: file, textFields: ['title', 'text'] }) }));
      expect(report.items).toEqual({ source: `jsonl:${file}`, referenced: 7, missing: 1, embedded: 6 });
      expect(encoder.calls[1]).toEqual({ side: 'items', texts: ['Trail Runner grippy sole', 'Bowler felt', 'Scarf', 'Beanie knitted', 'Visor', 'Beret french'] });
      expect(rowOf(data.items as never, 'a')).toEqual(bagOfWordsVector('Trail Runner grippy sole', 16));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts odd sessions (duplicate ids, empty queries, no results, duplicate results, flagged) and still trains', async () => {
    const s1 = aSessionWithEvents({ id: 's1', query: 'red shoes', results: ['a', 'b', 'c'], clicks: ['a'] });
    const sessions = [
      s1,
      { ...s1 }, // same session id again
      aSessionWithEvents({ id: 's2', query: 'warm hat', results: [aResult('d', 1), aResult('e', 2), aResult('d', 3), aResult('f', 4)], clicks: ['d'] }),
      aSessionWithEvents({ id: 's3', query: '   ', results: ['g'], clicks: ['g'] }),
      aSessionWithEvents({ id: 's4', query: 'nothing shown', results: [], clicks: [] }),
      aSessionWithEvents({ id: 's5', query: 'flagged', results: ['h', 'i'], clicks: ['h'], irrelevant: true }),
    ];
    const texts = Object.fromEntries('abcdefghi'.split('').map((id) => [id, { id, text: `item ${id}` }]));
    const { data, report } = await prepareTrainingData(sessions, options(sessions, { loader: { source: 'memory', load: (ids) => Promise.resolve(new Map(ids.map((id) => [id, texts[id] as never]))) } }));
    const used = data.train.length + data.test.length;
    expect(report.sessions.received).toBe(6);
    expect(report.sessions.flaggedWithClicks).toBe(1);
    expect(report.sessions.skipped).toMatchObject({ 'duplicate-session-id': 1, 'empty-query': 1, 'no-results': 1, 'items-missing': 0 });
    // Every received session is used or skipped for one reason.
    const skipped = Object.values(report.sessions.skipped).reduce((a, b) => a + b, 0);
    expect(report.sessions.used).toBe(used);
    expect(report.sessions.used + skipped).toBe(6);
    // The duplicate result d is merged: s2 has d clicked, e and f not.
    const s2 = [...data.train, ...data.test].find((e) => e.queryId === 'warm hat');
    expect(s2).toEqual({ queryId: 'warm hat', positives: ['d'], negatives: ['e', 'f'] });
    // The flagged session never trains: it is irrelevant (test) or skipped on the train side.
    expect(data.train.some((e) => e.queryId === 'flagged')).toBe(false);
    const flagged = data.test.find((e) => e.queryId === 'flagged');
    if (flagged) expect(flagged).toEqual({ queryId: 'flagged', positives: [], negatives: ['h', 'i'] });
    else expect(report.sessions.skipped['irrelevant-on-train-side'] + report.sessions.skipped['split-trimmed']).toBe(1);
  });

  it('is deterministic for a seed', async () => {
    const sessions = twoSessions();
    const a = await prepareTrainingData(sessions, options(sessions));
    const b = await prepareTrainingData(sessions, options(sessions));
    expect(b).toEqual(a);
  });

  describe('batches that cannot train', () => {
    it('no clicks at all', async () => {
      const sessions = ['x', 'y', 'z'].map((id) => aSessionWithEvents({ id, results: [`${id}1`, `${id}2`] }));
      const err = await rejection(prepareTrainingData(sessions, options(sessions, { loader: { source: 'm', load: (ids) => Promise.resolve(new Map(ids.map((id) => [id, { id, text: id }]))) } })));
      expect(err.code).toBe('DEFAULT_FINE_TUNING_METHOD_NOT_ENOUGH_SESSIONS');
      expect(err.message).toBe(
        'Cannot fine-tune on this batch: it needs at least 2 sessions with a click on a result whose item text is known, and 0 of the 3 sessions qualify (not usable: 3 irrelevant (no clicks)). Collect more search sessions with clicks, then retry.',
      );
      expect(err.details).toMatchObject({ reason: 'too-few-sessions-with-clicks', sessions: 3, usable: 0, needed: 2 });
    });

    it('one session, and no sessions', async () => {
      const one = [aSessionWithEvents({ id: 'only', results: ['a', 'b'], clicks: ['a'] })];
      const loader = { source: 'm', load: (ids: readonly string[]) => Promise.resolve(new Map(ids.map((id) => [id, { id, text: id }]))) };
      const err = await rejection(prepareTrainingData(one, options(one, { loader })));
      expect(err.code).toBe('DEFAULT_FINE_TUNING_METHOD_NOT_ENOUGH_SESSIONS');
      expect(err.message).toContain('needs at least 2 sessions with a click on a result whose item text is known, and 1 of the 1 sessions qualify');
      const none = await rejection(prepareTrainingData([], options([], { loader })));
      expect(none.details).toMatchObject({ sessions: 0, usable: 0 });
    });

    it('clicked items without text, with the hint', async () => {
      const sessions = [aSessionWithEvents({ id: 'p', results: [aResult('a', 1, { body: 'x' }), aResult('b', 2, { body: 'y' })], clicks: ['a'] }), aSessionWithEvents({ id: 'q', results: ['c', 'd'], clicks: ['c'] })];
      const err = await rejection(prepareTrainingData(sessions, options(sessions)));
      expect(err.message).toMatch(/0 of the 2 sessions qualify \(not usable: 2 items-missing\)\. HINT$/);
    });

    it('every shown result clicked', async () => {
      const sessions = [aSessionWithEvents({ id: 'p', results: ['a', 'b'], clicks: ['a', 'b'] }), aSessionWithEvents({ id: 'q', results: ['c'], clicks: ['c'] })];
      const loader = { source: 'm', load: (ids: readonly string[]) => Promise.resolve(new Map(ids.map((id) => [id, { id, text: id }]))) };
      const err = await rejection(prepareTrainingData(sessions, options(sessions, { loader })));
      expect(err.code).toBe('DEFAULT_FINE_TUNING_METHOD_NOT_ENOUGH_SESSIONS');
      expect(err.details).toMatchObject({ reason: 'no-negatives', usable: 2 });
    });

    it('sessions that all share the same items', async () => {
      const sessions = [
        aSessionWithEvents({ id: 'p', results: ['a', 'b'], clicks: ['a'] }),
        aSessionWithEvents({ id: 'q', results: ['b', 'a'], clicks: ['a'] }),
        aSessionWithEvents({ id: 'r', results: ['a', 'b'], clicks: ['b'] }),
      ];
      const loader = { source: 'm', load: (ids: readonly string[]) => Promise.resolve(new Map(ids.map((id) => [id, { id, text: id }]))) };
      const err = await rejection(prepareTrainingData(sessions, options(sessions, { loader })));
      expect(err.code).toBe('DEFAULT_FINE_TUNING_METHOD_SPLIT_IMPOSSIBLE');
      // 16 splits disjoint in items and queries, then the same 16 in items only
      expect(err.details).toEqual({ usableSessions: 3, distinctItems: 2, attempts: 32 });
    });
  });

  it('reports progress from 0 to 1 and embeds in batches', async () => {
    const sessions = twoSessions();
    const encoder = createBagOfWordsEncoder({ dimension: 16 });
    const progress: Array<[number, string]> = [];
    await prepareTrainingData(sessions, options(sessions, { encoder, embedBatchSize: 4, onProgress: (f, m) => progress.push([f, m]) }));
    expect(encoder.calls.map((c) => [c.side, c.texts.length])).toEqual([
      ['queries', 2],
      ['items', 4],
      ['items', 2],
    ]);
    const fractions = progress.map(([f]) => f);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    expect(progress.filter(([, m]) => m.startsWith('embedded')).map(([, m]) => m)).toEqual([
      'embedded 2 of 8 texts (queries)',
      'embedded 6 of 8 texts (items)',
      'embedded 8 of 8 texts (items)',
    ]);
  });

  it('stops with FINE_TUNING_CANCELLED when the signal aborts, before or during embedding', async () => {
    const sessions = twoSessions();
    const before = new AbortController();
    before.abort(new Error('worker stopping'));
    const encoder = createBagOfWordsEncoder();
    const err = await rejection(prepareTrainingData(sessions, options(sessions, { encoder, signal: before.signal })));
    expect(err.code).toBe('FINE_TUNING_CANCELLED');
    expect(err.message).toContain('worker stopping');
    expect(encoder.calls).toHaveLength(0);

    const during = new AbortController();
    const err2 = await rejection(
      prepareTrainingData(sessions, options(sessions, { encoder, embedBatchSize: 1, signal: during.signal, onProgress: (_f, m) => m.startsWith('embedded') && during.abort() })),
    );
    expect(err2.code).toBe('FINE_TUNING_CANCELLED');
    expect(encoder.calls).toHaveLength(1);
  });

  it('rejects encoder output of the wrong shape', async () => {
    const sessions = twoSessions();
    const bad: EmbeddingModel = {
      ...createBagOfWordsEncoder({ dimension: 8 }),
      id: 'bad',
      embedQueries: (texts) => Promise.resolve({ count: texts.length, dimension: 4, data: new Float32Array(texts.length * 4) }),
    };
    const err = await rejection(prepareTrainingData(sessions, options(sessions, { encoder: bad })));
    expect(err.code).toBe('FINE_TUNING_ENCODER_FAILED');
    expect(err.message).toContain('expected 2 rows of 8 values, got 2 rows of 4');
  });
});
