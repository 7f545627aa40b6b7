import { createTestClock } from '@embedding-studio/primitives/testing';
import { createMemoryProgressStore } from './memory-stores.js';
import { forEachBounded, runImport, type RunImportOptions } from './pipeline.js';
import type { ImportTarget, JsonlSource, ProgressStore } from './ports.js';
import { createCrashPlan, createMemoryJsonlSource, createRecordingTarget, jsonlItems } from './testing/fixtures.js';

const clock = createTestClock(new Date('2026-01-01T00:00:00Z'));

const FILES = {
  'a.jsonl': jsonlItems(9, 'a'),
  // A bad line of each kind, a blank line, a repeated id (the later line wins) and no final newline.
  'b.jsonl': [
    JSON.stringify({ id: 'b0', text: 'first b0' }),
    '{"id": "b1", "text": ',
    '',
    JSON.stringify({ text: 'no id' }),
    JSON.stringify({ id: 'b2', title: 'no text field' }),
    JSON.stringify({ id: 'b0', text: 'second b0' }),
    JSON.stringify({ id: 'b3', text: 'é日本 multi-byte' }),
  ].join('\n'),
  'c.jsonl': jsonlItems(5, 'c'),
};
const EXPECTED_IDS = [...Array.from({ length: 9 }, (_, i) => `a${i}`), 'b0', 'b3', ...Array.from({ length: 5 }, (_, i) => `c${i}`)].sort();
const EXPECTED_REJECTS = [
  { unit: 'b.jsonl', line: 2, field: '(line)' },
  { unit: 'b.jsonl', line: 4, field: 'id' },
  { unit: 'b.jsonl', line: 5, field: 'text' },
];

/** Wraps every port so each call ticks the crash plan first. */
function crashing(plan: ReturnType<typeof createCrashPlan>, source: JsonlSource, target: ImportTarget, progress: ProgressStore) {
  return {
    source: {
      ...source,
      async *open(key: string, offset: number, signal: AbortSignal) {
        plan.tick('open');
        for await (const chunk of source.open(key, offset, signal)) {
          plan.tick('read');
          yield chunk;
        }
      },
    } satisfies JsonlSource,
    target: {
      encoder: {
        embedItems: async (texts: readonly string[]) => {
          plan.tick('embed');
          return target.encoder.embedItems(texts);
        },
      },
      textOf: (item) => target.textOf(item),
      upsert: async (items, vectors) => {
        plan.tick('upsert');
        await target.upsert(items, vectors);
      },
    } satisfies ImportTarget,
    progress: {
      put: async (p) => {
        plan.tick('checkpoint');
        await progress.put(p);
      },
      list: (id) => progress.list(id),
    } satisfies ProgressStore,
  };
}

async function options(source: JsonlSource, target: ImportTarget, progress: ProgressStore, readConcurrency: number): Promise<RunImportOptions> {
  return { jobId: 'j1', units: await source.list(), source, target, progress, idField: 'id', batchSize: 3, readConcurrency, signal: new AbortController().signal, clock };
}

describe('runImport', () => {
  it('imports every valid item, reports every bad line with unit, line and field, and counts per unit', async () => {
    const source = createMemoryJsonlSource(FILES);
    const target = createRecordingTarget();
    const progress = createMemoryProgressStore();
    const summary = await runImport(await options(source, target, progress, 2));
    expect([...target.items.keys()].sort()).toEqual(EXPECTED_IDS);
    expect(target.items.get('b0')?.fields['text']).toBe('second b0');
    expect(summary).toMatchObject({ units: 3, read: 20, indexed: 17, rejected: 3 });
    const units = await progress.list('j1');
    expect(units.map((u) => [u.unit, u.done, u.indexed, u.rejected, u.offset === u.size])).toEqual([
      ['a.jsonl', true, 9, 0, true],
      ['b.jsonl', true, 3, 3, true],
      ['c.jsonl', true, 5, 0, true],
    ]);
    expect(units[1]?.rejects.map(({ unit, line, field }) => ({ unit, line, field }))).toEqual(EXPECTED_REJECTS);
  });

  // Crash at call k for every k a run makes (opening, each chunk read, each embed, each upsert,
  // each checkpoint write), then resume with a fresh run on what was stored.
  it.each([1, 3])('resumes after a crash at every call (read concurrency %i) with exactly the source items', async (readConcurrency) => {
    for (let k = 1; ; k++) {
      const source = createMemoryJsonlSource(FILES, { chunkBytes: 11 });
      const target = createRecordingTarget();
      const progress = createMemoryProgressStore();
      const plan = createCrashPlan(k);
      const faulty = crashing(plan, source, target, progress);
      let crashed = false;
      try {
        await runImport(await options(faulty.source, faulty.target, faulty.progress, readConcurrency));
      } catch {
        crashed = true;
      }
      if (!crashed) {
        expect(k).toBeGreaterThan(20);
        break;
      }
      const summary = await runImport(await options(source, target, progress, readConcurrency));
      expect({ k, stage: plan.crashed, ids: [...target.items.keys()].sort() }).toEqual({ k, stage: plan.crashed, ids: EXPECTED_IDS });
      expect(target.items.get('b0')?.fields['text']).toBe('second b0');
      expect({ k, indexed: summary.indexed, rejected: summary.rejected, read: summary.read }).toEqual({ k, indexed: 17, rejected: 3, read: 20 });
      const rejects = (await progress.list('j1')).flatMap((u) => u.rejects.map(({ unit, line, field }) => ({ unit, line, field })));
      expect(rejects).toEqual(EXPECTED_REJECTS);
    }
  });

  it('does nothing more for units already done', async () => {
    const source = createMemoryJsonlSource(FILES);
    const target = createRecordingTarget();
    const progress = createMemoryProgressStore();
    await runImport(await options(source, target, progress, 2));
    const upserts = target.upserts;
    await runImport(await options(source, target, progress, 2));
    expect(target.upserts).toBe(upserts);
  });
});

describe('forEachBounded', () => {
  it('runs at most `limit` at once, stops taking work after a failure and throws that failure', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const work = async (i: number): Promise<void> => {
      started.push(i);
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, i === 2 ? 1 : 5));
      running -= 1;
      if (i === 2) throw new Error('unit 2 failed');
      if (i > 2) throw new Error(`later unit ${i}`);
    };
    await expect(forEachBounded([0, 1, 2, 3, 4, 5, 6, 7], 3, work)).rejects.toThrow('unit 2 failed');
    expect(most).toBe(3);
    expect(started).not.toContain(7);
  });
});
