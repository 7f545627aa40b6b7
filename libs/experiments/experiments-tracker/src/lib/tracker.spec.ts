import { runInNewContext } from 'node:vm';
import { hasErrorCode, isAppError } from '@embedding-studio/errors';
import { createTestClock } from '@embedding-studio/primitives/testing';
import { createMemoryModelArtifacts, type MemoryModelArtifacts } from '../testing.js';
import { defaultExperimentIds, extensionFor, runNameOf } from './ids.js';
import { createMemoryExperimentsStore } from './memory-store.js';
import type { ModelRecord } from './model.js';
import type { ExperimentsStore } from './ports/experiments-store.js';
import { createExperimentsTracker, type ExperimentsTracker, type IterationSession } from './tracker.js';

const T0 = Date.UTC(2025, 0, 1);
const OCTET = 'application/octet-stream';
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
// sha256 of the UTF-8 strings, from `printf '%s' <text> | sha256sum`.
const SHA = {
  initial: 'ac1b5c0961a7269b6a053ee64276ed0e20a7f48aefb9f67519539d23aaf10149',
  m1: 'ca0df2c95aa144c1d0ff2ff3c8f967fdc1de9ef0c4120b3726416701b519d619',
  m2: '29c1b289e7522195b362e44f54e05470b69ad20540ab60a18a05e5bf6951f13d',
  m3: '153812ae5fea0b73a011bf28bd7cea93644437c3fe3260b7b2d7e1e2f9f46bde',
};
const MAX = { name: 'quality', mode: 'max' } as const;

interface Setup {
  store: ExperimentsStore;
  artifacts: MemoryModelArtifacts;
  tracker: ExperimentsTracker;
  clock: ReturnType<typeof createTestClock>;
}

function setup(overrides: { store?: ExperimentsStore; artifacts?: MemoryModelArtifacts } = {}): Setup {
  const store = overrides.store ?? createMemoryExperimentsStore();
  const artifacts = overrides.artifacts ?? createMemoryModelArtifacts();
  const clock = createTestClock(T0);
  return { store, artifacts, clock, tracker: createExperimentsTracker({ store, artifacts, clock }) };
}

async function withInitial(s: Setup, plugin = 'p'): Promise<ModelRecord> {
  return (await s.tracker.ensureInitialModel(plugin, async () => ({ bytes: bytes('initial'), contentType: OCTET }))).model;
}

async function liveModels(s: Setup): Promise<readonly ModelRecord[]> {
  return (await s.tracker.listModels({ status: 'live', limit: 200 })).items;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error) && error.code).toBe(code);
  return error as Error;
}

describe('names and ids', () => {
  it('accepts run params that are plain objects of another realm', async () => {
    const s = setup();
    await withInitial(s);
    const session = await s.tracker.startIteration({ plugin: 'p', batchId: 'b1', mainMetric: { name: 'ndcg', mode: 'max' } });
    expect((await session.startRun(runInNewContext('({ lr: 0.1 })') as object)).run.params).toEqual({ lr: 0.1 });
  });


  it('a run is named by the sha256 of its canonical params, whatever the key order', () => {
    const expected = '01d772e4896f2f9f3ecca8445d40d0ee16365b444218f2b52f68e0cfe64ad8dd'; // {"learningRate":0.001,"margin":0.05}
    expect(runNameOf({ margin: 0.05, learningRate: 0.001 })).toBe(expected);
    expect(runNameOf({ learningRate: 0.001, margin: 0.05 })).toBe(expected);
  });

  it('derives iteration, run and model ids deterministically', () => {
    expect(defaultExperimentIds.iteration('p', 'b1')).toBe('it-5b48334980b4079c3027bec0'); // sha256('["p","b1"]')
    expect(defaultExperimentIds.iteration('p', null)).toBe('it-45f46b4ab31e3bace24959cc'); // sha256('["p",null]')
    expect(defaultExperimentIds.model('it-x', 3)).toBe('it-x-m3');
    expect(defaultExperimentIds.run('it-x', 'abc')).toMatch(/^run-[0-9a-f]{24}$/);
    expect(defaultExperimentIds.run('it-x', 'abc')).toBe(defaultExperimentIds.run('it-x', 'abc'));
    expect(defaultExperimentIds.run('it-x', 'abc')).not.toBe(defaultExperimentIds.run('it-y', 'abc'));
  });

  it('maps content types to file extensions', () => {
    expect(extensionFor('application/octet-stream')).toBe('bin');
    expect(extensionFor('application/JSON; charset=utf-8')).toBe('json');
    expect(extensionFor('application/vnd.embedding-studio.model')).toBe('esmodel');
    expect(extensionFor('application/x-onnx')).toBe('onnx');
    expect(extensionFor('image/png')).toBe('bin');
  });
});

describe('ensureInitialModel', () => {
  it('creates the initial iteration and model once; later calls do not produce again', async () => {
    const s = setup();
    let produced = 0;
    const produce = async () => {
      produced += 1;
      return { bytes: bytes('initial'), contentType: OCTET };
    };
    const first = await s.tracker.ensureInitialModel('p', produce);
    const initialId = 'it-45f46b4ab31e3bace24959cc';
    expect(first).toEqual({
      created: true,
      model: {
        id: `${initialId}-m1`,
        plugin: 'p',
        iteration_id: initialId,
        iteration_name: 'iteration / initial',
        seq: 1,
        run_id: null,
        main_metric: null,
        artifact: { key: `models/${initialId}/initial/${SHA.initial}.bin`, size: 7, sha256: SHA.initial, content_type: OCTET },
        status: 'live',
        created_at: T0,
        deleted_at: null,
      },
    });
    expect(await s.tracker.ensureInitialModel('p', produce)).toEqual({ created: false, model: first.model });
    expect(produced).toBe(1);
    expect(await s.tracker.getIteration(initialId)).toEqual({
      id: initialId,
      name: 'iteration / initial',
      plugin: 'p',
      batch_id: null,
      status: 'finished',
      previous_iteration_id: null,
      main_metric: null,
      created_at: T0,
      finished_at: T0,
      runs: [],
    });
    expect(s.artifacts.bytes(first.model.artifact.key)).toEqual(bytes('initial'));
  });

  it('keeps one initial model per plugin when two callers race, and removes the loser’s bytes', async () => {
    const s = setup();
    const [a, b] = await Promise.all([
      s.tracker.ensureInitialModel('p', async () => ({ bytes: bytes('m1'), contentType: OCTET })),
      s.tracker.ensureInitialModel('p', async () => ({ bytes: bytes('m2'), contentType: OCTET })),
    ]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.model).toEqual(b.model);
    expect(s.artifacts.keys()).toEqual([a.model.artifact.key]);
    const other = await s.tracker.ensureInitialModel('q', async () => ({ bytes: bytes('m1'), contentType: OCTET }));
    expect(other.model.iteration_id).not.toBe(a.model.iteration_id);
    expect(other.model.iteration_name).toBe('iteration / initial');
  });

  it('rejects a bad plugin or a producer that returns no bytes, naming the field', async () => {
    const s = setup();
    const e1 = await expectCode(s.tracker.ensureInitialModel('', async () => ({ bytes: bytes('x'), contentType: OCTET })), 'EXPERIMENTS_TRACKER_INVALID_INPUT');
    expect(e1.message).toBe('plugin: must be a non-empty string, got "".');
    const e2 = await expectCode(s.tracker.ensureInitialModel('p', async () => ({ bytes: new Uint8Array(0), contentType: '' })), 'EXPERIMENTS_TRACKER_INVALID_INPUT');
    expect(e2.message).toBe('produce().bytes: is empty; pass the serialised model.; produce().contentType: must be a non-empty string, got "".');
  });
});

describe('startIteration', () => {
  it('creates `iteration / <plugin> / <batch>` after the initial iteration, and resumes it on a retry', async () => {
    const s = setup();
    await withInitial(s);
    s.clock.set(T0 + 1000);
    const session = await s.tracker.startIteration({ plugin: 'p', batchId: 'b1', mainMetric: MAX });
    expect(session.resumed).toBe(false);
    expect(session.iteration).toEqual({
      id: 'it-5b48334980b4079c3027bec0',
      name: 'iteration / p / b1',
      plugin: 'p',
      batch_id: 'b1',
      status: 'active',
      previous_iteration_id: 'it-45f46b4ab31e3bace24959cc',
      main_metric: MAX,
      created_at: T0 + 1000,
      finished_at: null,
    });
    const again = await s.tracker.startIteration({ plugin: 'p', batchId: 'b1', mainMetric: { name: 'quality', mode: 'max' } });
    expect(again.resumed).toBe(true);
    expect(again.iteration).toEqual(session.iteration);
  });

  it('refuses a retry with another main metric, and lists every bad option', async () => {
    const s = setup();
    await s.tracker.startIteration({ plugin: 'p', batchId: 'b1', mainMetric: MAX });
    const conflict = await expectCode(s.tracker.startIteration({ plugin: 'p', batchId: 'b1', mainMetric: { name: 'quality', mode: 'min' } }), 'EXPERIMENTS_TRACKER_CONFLICT');
    expect(conflict.message).toContain('mainMetric: iteration "it-5b48334980b4079c3027bec0" already exists with main metric {"name":"quality","mode":"max"}');
    const invalid = await expectCode(
      s.tracker.startIteration({ plugin: ' ', batchId: 7 as unknown as string, mainMetric: { name: 'q', mode: 'up' as 'max' } }),
      'EXPERIMENTS_TRACKER_INVALID_INPUT',
    );
    expect((invalid as unknown as { issues: unknown }).issues).toEqual([
      { field: 'plugin', message: 'must be a non-empty string, got " ".' },
      { field: 'batchId', message: 'must be a non-empty string, got 7.' },
      { field: 'mainMetric.mode', message: "must be one of 'max', 'min', got \"up\"." },
    ]);
  });

  it('records as previous the most recently finished iteration of the plugin (archived ones count)', async () => {
    const s = setup();
    await withInitial(s);
    const start = (batchId: string, plugin = 'p') => s.tracker.startIteration({ plugin, batchId, mainMetric: MAX });
    s.clock.set(T0 + 10);
    const b1 = await start('b1');
    s.clock.set(T0 + 20);
    const b2 = await start('b2');
    expect(b2.iteration.previous_iteration_id).toBe(b1.iteration.previous_iteration_id); // b1 is still active
    s.clock.set(T0 + 30);
    await b2.finish();
    s.clock.set(T0 + 40);
    await b1.finish();
    await start('other', 'q');
    s.clock.set(T0 + 50);
    const b3 = await start('b3');
    expect(b3.iteration.previous_iteration_id).toBe(b1.id); // finished last
    expect((await b3.archivePrevious())?.status).toBe('archived');
    const b4 = await start('b4');
    expect(b4.iteration.previous_iteration_id).toBe(b1.id); // archived, still the newest completed one
  });
});

describe('an iteration session', () => {
  let s: Setup;
  let it1: IterationSession;
  beforeEach(async () => {
    s = setup();
    await withInitial(s);
    it1 = await s.tracker.startIteration({ plugin: 'p', batchId: 'b1', mainMetric: MAX });
  });

  describe('runs and metrics', () => {
    it('names a run by its params and resumes it instead of duplicating it', async () => {
      const first = await it1.startRun({ margin: 0.05, learningRate: 0.001 });
      expect(first.name).toBe('01d772e4896f2f9f3ecca8445d40d0ee16365b444218f2b52f68e0cfe64ad8dd');
      expect(first.id).toBe(it1.runIdFor({ learningRate: 0.001, margin: 0.05 }));
      expect(first).toMatchObject({ resumed: false, previousStatus: null, run: { status: 'running', best_metric: null, iteration_id: it1.id, finished_at: null } });
      await it1.finishRun(first.id, 'finished', 0.42);

      const again = await it1.startRun({ learningRate: 0.001, margin: 0.05 });
      expect(again).toMatchObject({ id: first.id, resumed: true, previousStatus: 'finished', run: { status: 'running', best_metric: 0.42, finished_at: null } });
      expect((await s.tracker.getIteration(it1.id)).runs.map((r) => r.id)).toEqual([first.id]);
    });

    it('rejects params that are not plain JSON, naming each bad field', async () => {
      const error = await expectCode(
        it1.startRun({ lr: Number.NaN, nested: { when: new Date(0), list: [1, undefined] }, gone: undefined } as object),
        'EXPERIMENTS_TRACKER_INVALID_INPUT',
      );
      expect((error as unknown as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual(['params.lr', 'params.nested.when', 'params.nested.list.1', 'params.gone']);
      await expectCode(it1.startRun([1, 2]), 'EXPERIMENTS_TRACKER_INVALID_INPUT');
    });

    it('logs metric series by step, replacing a repeated step, and refuses metrics after the run ended', async () => {
      const run = await it1.startRun({ lr: 1 });
      s.clock.set(T0 + 5);
      await it1.logMetric(run.id, 'loss', 0.9, 0);
      await it1.logMetric(run.id, 'loss', 0.7, 2);
      await it1.logMetric(run.id, 'quality', 0.1, 2);
      s.clock.set(T0 + 6);
      await it1.logMetric(run.id, 'loss', 0.5, 1);
      await it1.logMetric(run.id, 'loss', 0.6, 2);
      await it1.finishRun(run.id, 'failed', null);
      const details = await s.tracker.getRun(run.id);
      expect(details.status).toBe('failed');
      expect(details.params).toEqual({ lr: 1 });
      expect(details.metrics).toEqual({
        loss: [
          { step: 0, value: 0.9, time: T0 + 5 },
          { step: 1, value: 0.5, time: T0 + 6 },
          { step: 2, value: 0.6, time: T0 + 6 },
        ],
        quality: [{ step: 2, value: 0.1, time: T0 + 5 }],
      });
      const closed = await expectCode(it1.logMetric(run.id, 'loss', 0.1, 3), 'EXPERIMENTS_TRACKER_RUN_CLOSED');
      expect(closed.message).toBe(`Cannot log a metric to run ${JSON.stringify(run.id)}: it is failed; call startRun(params) again to resume it first.`);
    });

    it('checks metric arguments and run membership', async () => {
      const run = await it1.startRun({ lr: 1 });
      const bad = await expectCode(it1.logMetric(run.id, '', Number.POSITIVE_INFINITY, 1.5), 'EXPERIMENTS_TRACKER_INVALID_INPUT');
      expect(bad.message).toBe('name: must be a non-empty string, got "".; value: must be a finite number, got Infinity.; step: must be an integer in 0..9007199254740991, got 1.5.');
      await expectCode(it1.logMetric('run-nope', 'loss', 1, 0), 'EXPERIMENTS_TRACKER_NOT_FOUND');
      const it2 = await s.tracker.startIteration({ plugin: 'p', batchId: 'b2', mainMetric: MAX });
      const foreign = await expectCode(it2.finishRun(run.id, 'finished', 1), 'EXPERIMENTS_TRACKER_NOT_FOUND');
      expect(foreign.message).toContain(`belongs to iteration ${JSON.stringify(it1.id)}, not ${JSON.stringify(it2.id)}`);
      await expectCode(it1.finishRun(run.id, 'done' as 'finished', 1), 'EXPERIMENTS_TRACKER_INVALID_INPUT');
    });
  });

  describe('saveModelIfBest', () => {
    it('saves the first model, ignores a worse one, and replaces on better-or-equal, keeping one live model', async () => {
      const r1 = await it1.startRun({ lr: 1 });
      const r2 = await it1.startRun({ lr: 2 });
      const r3 = await it1.startRun({ lr: 3 });
      const first = await it1.saveModelIfBest(r1.id, 0.5, bytes('m1'), OCTET);
      expect(first).toEqual({
        outcome: 'saved',
        replaced: null,
        model: {
          id: `${it1.id}-m1`,
          plugin: 'p',
          iteration_id: it1.id,
          iteration_name: 'iteration / p / b1',
          seq: 1,
          run_id: r1.id,
          main_metric: { name: 'quality', value: 0.5 },
          artifact: { key: `models/${it1.id}/${r1.id}/${SHA.m1}.bin`, size: 2, sha256: SHA.m1, content_type: OCTET },
          status: 'live',
          created_at: T0,
          deleted_at: null,
        },
      });
      expect((await liveModels(s)).filter((m) => m.iteration_id === it1.id)).toHaveLength(1);

      const worse = await it1.saveModelIfBest(r2.id, 0.49, bytes('m2'), OCTET);
      expect(worse).toEqual({ outcome: 'not-best', model: first.model, replaced: null });
      expect(s.artifacts.keys().filter((k) => k.startsWith(`models/${it1.id}/`))).toEqual([first.model.artifact.key]);

      s.clock.set(T0 + 9);
      const equal = await it1.saveModelIfBest(r3.id, 0.5, bytes('m3'), OCTET);
      expect(equal.outcome).toBe('saved');
      expect(equal.model).toMatchObject({ id: `${it1.id}-m2`, seq: 2, run_id: r3.id, artifact: { key: `models/${it1.id}/${r3.id}/${SHA.m3}.bin` } });
      expect(equal.replaced).toEqual({ ...first.model, status: 'deleted', deleted_at: T0 + 9 });
      expect(s.artifacts.keys().filter((k) => k.startsWith(`models/${it1.id}/`))).toEqual([equal.model.artifact.key]);
      expect((await liveModels(s)).filter((m) => m.iteration_id === it1.id).map((m) => m.id)).toEqual([equal.model.id]);
      expect(await it1.bestModel()).toEqual(equal.model);
      expect(await s.tracker.getModel(first.model.id)).toEqual(equal.replaced);
    });

    it('treats a repeated save of the same bytes and value as unchanged', async () => {
      const r1 = await it1.startRun({ lr: 1 });
      const saved = await it1.saveModelIfBest(r1.id, 0.5, bytes('m1'), OCTET);
      expect(await it1.saveModelIfBest(r1.id, 0.5, bytes('m1'), OCTET)).toEqual({ outcome: 'unchanged', model: saved.model, replaced: null });
      // Same bytes with a better value: a new record, and the shared artifact stays.
      const better = await it1.saveModelIfBest(r1.id, 0.6, bytes('m1'), OCTET);
      expect(better.model.seq).toBe(2);
      expect(s.artifacts.bytes(better.model.artifact.key)).toEqual(bytes('m1'));
    });

    it('compares by the main metric’s mode: lower wins for `min`', async () => {
      const it2 = await s.tracker.startIteration({ plugin: 'p', batchId: 'b-min', mainMetric: { name: 'loss', mode: 'min' } });
      const r1 = await it2.startRun({ lr: 1 });
      const r2 = await it2.startRun({ lr: 2 });
      await it2.saveModelIfBest(r1.id, 0.3, bytes('m1'), OCTET);
      expect((await it2.saveModelIfBest(r2.id, 0.31, bytes('m2'), OCTET)).outcome).toBe('not-best');
      const lower = await it2.saveModelIfBest(r2.id, 0.29, bytes('m2'), OCTET);
      expect(lower.outcome).toBe('saved');
      expect(lower.model.main_metric).toEqual({ name: 'loss', value: 0.29 });
    });

    it('records the new best before retiring the old one', async () => {
      const log: string[] = [];
      const base = createMemoryExperimentsStore();
      const store: ExperimentsStore = {
        ...base,
        createModel: async (m) => {
          log.push(`record ${m.seq}`);
          return base.createModel(m);
        },
        markModelDeleted: async (id, at) => {
          log.push(`mark ${id.slice(-2)}`);
          return base.markModelDeleted(id, at);
        },
      };
      const inner = createMemoryModelArtifacts();
      const artifacts: MemoryModelArtifacts = {
        ...inner,
        put: async (key, b, o) => {
          log.push(`put ${key.slice(-7)}`);
          return inner.put(key, b, o);
        },
        delete: async (key) => {
          log.push(`delete ${key.slice(-7)}`);
          return inner.delete(key);
        },
      };
      const t = setup({ store, artifacts });
      const session = await t.tracker.startIteration({ plugin: 'p', batchId: 'b', mainMetric: MAX });
      const run = await session.startRun({});
      await session.saveModelIfBest(run.id, 1, bytes('m1'), OCTET);
      log.length = 0;
      await session.saveModelIfBest(run.id, 2, bytes('m2'), OCTET);
      expect(log).toEqual([`put ${SHA.m2.slice(-3)}.bin`, 'record 2', 'mark m1', `delete ${SHA.m1.slice(-3)}.bin`]);
    });

    it('refuses to save into a finished iteration, or a bad value', async () => {
      const run = await it1.startRun({});
      await expectCode(it1.saveModelIfBest(run.id, Number.NaN, bytes('m1'), OCTET), 'EXPERIMENTS_TRACKER_INVALID_INPUT');
      await it1.finish();
      const error = await expectCode(it1.saveModelIfBest(run.id, 1, bytes('m1'), OCTET), 'EXPERIMENTS_TRACKER_ITERATION_CLOSED');
      expect(error.message).toBe(
        `Cannot save a model: iteration ${JSON.stringify(it1.id)} is finished, and only an active iteration takes runs, metrics and models; start an iteration for a new batch instead.`,
      );
      await expectCode(it1.startRun({ other: 1 }), 'EXPERIMENTS_TRACKER_ITERATION_CLOSED');
      await expectCode(it1.logMetric(run.id, 'loss', 1, 1), 'EXPERIMENTS_TRACKER_ITERATION_CLOSED');
    });

    it('sees an iteration finished by another process', async () => {
      const run = await it1.startRun({});
      const elsewhere = await createExperimentsTracker({ store: s.store, artifacts: s.artifacts }).startIteration({ plugin: 'p', batchId: 'b1', mainMetric: MAX });
      await elsewhere.finish();
      await expectCode(it1.finishRun(run.id, 'finished', 1), 'EXPERIMENTS_TRACKER_ITERATION_CLOSED');
    });
  });

  describe('interrupted work', () => {
    it('finish() removes bytes left by a save killed between put and record', async () => {
      const run = await it1.startRun({});
      const kept = await it1.saveModelIfBest(run.id, 1, bytes('m1'), OCTET);
      // A worker stored bytes and died before recording them.
      await s.artifacts.put(`models/${it1.id}/${run.id}/${SHA.m2}.bin`, bytes('m2'), { contentType: OCTET });
      const done = await it1.finish();
      expect(done.deletedArtifacts).toEqual([`models/${it1.id}/${run.id}/${SHA.m2}.bin`]);
      expect(done.best).toEqual(kept.model);
      expect(done.iteration).toMatchObject({ status: 'finished', finished_at: expect.any(Number) });
      expect(s.artifacts.keys().filter((k) => k.startsWith(`models/${it1.id}/`))).toEqual([kept.model.artifact.key]);
      // Idempotent.
      expect(await it1.finish()).toEqual({ ...done, deletedArtifacts: [] });
    });

    it('repairs a save killed between recording the new best and retiring the old one', async () => {
      let failMark = true;
      const base = createMemoryExperimentsStore();
      const store: ExperimentsStore = {
        ...base,
        markModelDeleted: async (id, at) => {
          if (failMark) {
            failMark = false;
            throw new Error('worker killed');
          }
          return base.markModelDeleted(id, at);
        },
      };
      const t = setup({ store });
      const session = await t.tracker.startIteration({ plugin: 'p', batchId: 'b', mainMetric: MAX });
      const run = await session.startRun({});
      const m1 = await session.saveModelIfBest(run.id, 1, bytes('m1'), OCTET);
      await expect(session.saveModelIfBest(run.id, 2, bytes('m2'), OCTET)).rejects.toThrow('worker killed');
      expect((await liveModels(t)).map((m) => m.seq).sort()).toEqual([1, 2]);

      // A later save (or finish) heals it.
      const retry = await session.saveModelIfBest(run.id, 2, bytes('m2'), OCTET);
      expect(retry.outcome).toBe('unchanged');
      expect((await liveModels(t)).map((m) => m.seq)).toEqual([2]);
      expect(t.artifacts.bytes(m1.model.artifact.key)).toBeUndefined();
    });

    it('finish() retires stray live records too', async () => {
      const run = await it1.startRun({});
      const m1 = await it1.saveModelIfBest(run.id, 1, bytes('m1'), OCTET);
      // A stray live record below the best (as an interrupted save leaves it).
      await s.store.createModel({ ...m1.model, id: `${it1.id}-m2`, seq: 2, main_metric: { name: 'quality', value: 2 }, artifact: { ...m1.model.artifact, key: `models/${it1.id}/${run.id}/${SHA.m2}.bin` } });
      await s.store.createModel({ ...m1.model, id: `${it1.id}-m3`, seq: 3, main_metric: { name: 'quality', value: 3 }, artifact: { ...m1.model.artifact, key: `models/${it1.id}/${run.id}/${SHA.m3}.bin` } });
      await s.artifacts.put(`models/${it1.id}/${run.id}/${SHA.m3}.bin`, bytes('m3'), { contentType: OCTET });
      const done = await it1.finish();
      expect(done.best?.seq).toBe(3);
      expect(done.deletedArtifacts).toEqual([m1.model.artifact.key]);
      expect((await liveModels(s)).filter((m) => m.iteration_id === it1.id).map((m) => m.seq)).toEqual([3]);
    });
  });

  describe('the iteration chain', () => {
    it('starts the next iteration from this one’s best and its best params; archiving keeps that model', async () => {
      const runs = await Promise.all([{ lr: 1 }, { lr: 2 }, { lr: 3 }, { lr: 4 }].map((p) => it1.startRun(p)));
      const [r1, r2, r3, r4] = runs.map((r) => r.id) as [string, string, string, string];
      await it1.finishRun(r1, 'finished', 0.2);
      await it1.finishRun(r2, 'finished', 0.9);
      await it1.finishRun(r3, 'failed', null);
      await it1.finishRun(r4, 'finished', 0.5);
      const best = await it1.saveModelIfBest(r2, 0.9, bytes('m2'), OCTET);
      await it1.finish();

      const it2 = await s.tracker.startIteration({ plugin: 'p', batchId: 'b2', mainMetric: MAX });
      expect(it2.iteration.previous_iteration_id).toBe(it1.id);
      expect(await it2.startingModel()).toEqual(best.model);
      expect(await it2.topParams(2)).toEqual([{ lr: 2 }, { lr: 4 }]);
      expect(await it2.topParams(10)).toEqual([{ lr: 2 }, { lr: 4 }, { lr: 1 }]);
      await expectCode(it2.topParams(0), 'EXPERIMENTS_TRACKER_INVALID_INPUT');

      expect((await it2.archivePrevious())?.status).toBe('archived');
      expect((await s.tracker.getIteration(it1.id)).status).toBe('archived');
      expect(await s.tracker.getModel(best.model.id)).toEqual(best.model);
      expect(s.artifacts.bytes(best.model.artifact.key)).toEqual(bytes('m2'));
    });

    it('ranks the previous runs by that iteration’s mode', async () => {
      const a = await s.tracker.startIteration({ plugin: 'm', batchId: 'b1', mainMetric: { name: 'loss', mode: 'min' } });
      for (const [lr, v] of [[1, 0.5], [2, 0.1], [3, 0.3]] as const) await a.finishRun((await a.startRun({ lr })).id, 'finished', v);
      await a.finish();
      const b = await s.tracker.startIteration({ plugin: 'm', batchId: 'b2', mainMetric: { name: 'loss', mode: 'min' } });
      expect(await b.topParams(3)).toEqual([{ lr: 2 }, { lr: 3 }, { lr: 1 }]);
    });

    it('first iteration: starts from the initial model, with no params to retry; archivePrevious is a no-op', async () => {
      const initial = await withInitial(s);
      expect(await it1.startingModel()).toEqual(initial);
      expect(await it1.topParams(10)).toEqual([]);
      expect(await it1.archivePrevious()).toBeNull();
      expect((await s.tracker.getIteration(initial.iteration_id)).status).toBe('finished');
    });

    it('walks back past an iteration that saved no model', async () => {
      const r = await it1.startRun({ lr: 1 });
      const best = await it1.saveModelIfBest(r.id, 1, bytes('m1'), OCTET);
      await it1.finish();
      const empty = await s.tracker.startIteration({ plugin: 'p', batchId: 'b2', mainMetric: MAX });
      await empty.finish();
      const it3 = await s.tracker.startIteration({ plugin: 'p', batchId: 'b3', mainMetric: MAX });
      expect(it3.iteration.previous_iteration_id).toBe(empty.id);
      expect(await it3.startingModel()).toEqual(best.model);
    });

    it('says what to do when there is no model to start from', async () => {
      const bare = setup();
      const session = await bare.tracker.startIteration({ plugin: 'new', batchId: 'b1', mainMetric: MAX });
      const error = await expectCode(session.startingModel(), 'EXPERIMENTS_TRACKER_NO_STARTING_MODEL');
      expect(error.message).toContain('call ensureInitialModel("new", …) first');
    });
  });
});

describe('the read side', () => {
  it('lists iterations newest first with paging and a plugin filter, and models by status', async () => {
    const s = setup();
    s.clock.set(T0);
    await withInitial(s);
    s.clock.set(T0 + 1);
    const a = await s.tracker.startIteration({ plugin: 'p', batchId: 'b1', mainMetric: MAX });
    s.clock.set(T0 + 2);
    const b = await s.tracker.startIteration({ plugin: 'q', batchId: 'b1', mainMetric: MAX });
    const page = await s.tracker.listIterations({ skip: 0, limit: 2 });
    expect(page.items.map((i) => i.id)).toEqual([b.id, a.id]);
    expect(page).toMatchObject({ total: 3, skip: 0, limit: 2 });
    expect((await s.tracker.listIterations({ plugin: 'p' })).items.map((i) => i.name)).toEqual(['iteration / p / b1', 'iteration / initial']);
    expect(await s.tracker.listIterations()).toMatchObject({ skip: 0, limit: 20, total: 3 });

    const run = await a.startRun({});
    await a.saveModelIfBest(run.id, 1, bytes('m1'), OCTET);
    await a.saveModelIfBest(run.id, 2, bytes('m2'), OCTET);
    expect((await s.tracker.listModels({ status: 'deleted' })).items.map((m) => m.seq)).toEqual([1]);
    expect((await s.tracker.listModels({ plugin: 'p', status: 'live' })).items.map((m) => [m.iteration_name, m.seq])).toEqual([
      ['iteration / p / b1', 2],
      ['iteration / initial', 1],
    ]);
    await expectCode(s.tracker.listModels({ limit: 500 }), 'EXPERIMENTS_TRACKER_INVALID_INPUT');
    await expectCode(s.tracker.listIterations({ skip: -1 }), 'EXPERIMENTS_TRACKER_INVALID_INPUT');
  });

  it('answers unknown ids with a coded not-found error that says where to look', async () => {
    const s = setup();
    const e = await expectCode(s.tracker.getIteration('it-nope'), 'EXPERIMENTS_TRACKER_NOT_FOUND');
    expect(e.message).toBe('No iteration with id="it-nope"; list the existing ones with GET /experiments.');
    expect(hasErrorCode(e, 'EXPERIMENTS_TRACKER_NOT_FOUND') && e.details).toEqual({ kind: 'iteration', id: 'it-nope' });
    await expectCode(s.tracker.getRun('run-nope'), 'EXPERIMENTS_TRACKER_NOT_FOUND');
    await expectCode(s.tracker.getModel('m-nope'), 'EXPERIMENTS_TRACKER_NOT_FOUND');
    await expectCode(s.tracker.getModel(''), 'EXPERIMENTS_TRACKER_INVALID_INPUT');
  });
});
