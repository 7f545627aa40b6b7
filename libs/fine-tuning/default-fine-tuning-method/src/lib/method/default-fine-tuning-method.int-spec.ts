/**
 * @jest-environment <rootDir>/../../../tools/jest/onnx-environment.js
 */
// The default method on the real all-MiniLM-L6-v2 from the local models cache (fetch it once with
// `npm run models:fetch`): ~20 synthetic shopping sessions, item texts from a JSONL file, the
// encoder opened lazily from the cache, then two epochs of training on the returned plan.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { runTraining } from '@embedding-studio/fine-tuning-builder';
import { readArtifactWeights } from '@embedding-studio/fine-tuning-builder/testing';
import { createRng, sampleWithoutReplacement } from '@embedding-studio/random';
import { cachedModelDir } from '../encoder/cached-encoder.js';
import { aMethodContext } from '../testing/fixtures.js';
import { DefaultFineTuningMethod } from './default-fine-tuning-method.js';

const TOPICS: Record<string, { query: string[]; items: string[] }> = {
  shoes: { query: ['running shoes for flat feet', 'trail sneakers waterproof'], items: ['Lightweight running shoe with arch support', 'Waterproof trail runner with grippy sole', 'Cushioned road sneaker for marathon training'] },
  coffee: { query: ['espresso machine for home', 'coffee grinder burr'], items: ['Compact espresso maker with milk frother', 'Conical burr grinder with 40 settings', 'Pour-over coffee kettle with gooseneck spout'] },
  tents: { query: ['two person camping tent', 'ultralight backpacking shelter'], items: ['Two-person dome tent with rain fly', 'Ultralight trekking pole shelter', 'Family cabin tent for six campers'] },
  phones: { query: ['phone with long battery life', 'cheap android smartphone'], items: ['Budget Android phone with 5000 mAh battery', 'Flagship smartphone with triple camera', 'Rugged phone for construction sites'] },
  books: { query: ['mystery novel bestseller', 'history of ancient rome book'], items: ['Detective thriller set in Victorian London', 'A narrative history of the Roman Empire', 'Cozy village murder mystery paperback'] },
  garden: { query: ['cordless lawn mower', 'tools for pruning roses'], items: ['Battery-powered push mower with mulching', 'Bypass pruning shears for shrubs and roses', 'Raised garden bed kit made of cedar'] },
  baby: { query: ['stroller for newborn', 'baby car seat isofix'], items: ['Foldable travel stroller with bassinet', 'Rear-facing infant car seat with ISOFIX base', 'Soft cotton baby sleeping bag'] },
  audio: { query: ['noise cancelling headphones', 'bluetooth speaker for the shower'], items: ['Over-ear headphones with active noise cancellation', 'Waterproof portable Bluetooth speaker', 'Wireless earbuds with charging case'] },
};

function corpus(): { items: Array<{ _id: string; title: string }>; sessions: SessionWithEvents[] } {
  const rng = createRng(3);
  const items = Object.entries(TOPICS).flatMap(([topic, t]) => t.items.map((title, i) => ({ _id: `${topic}-${i}`, title, topic })));
  const sessions: SessionWithEvents[] = [];
  const topics = Object.keys(TOPICS);
  for (let k = 0; k < 22; k++) {
    const topic = topics[k % topics.length] as string;
    const t = TOPICS[topic] as { query: string[]; items: string[] };
    const relevant = items.filter((it) => it.topic === topic);
    const target = relevant[Math.floor(rng.next() * relevant.length)] as (typeof items)[number];
    const others = sampleWithoutReplacement(
      items.filter((it) => it.topic !== topic),
      3,
      rng,
    );
    const shown = [...others.slice(0, 1), target, ...others.slice(1)];
    const id = `int-${k}`;
    const clicked = k < 20; // the last two sessions had no click
    sessions.push({
      session_id: id,
      search_query: t.query[k % t.query.length] as string,
      created_at: 1_700_000_000 + k,
      search_results: shown.map((it, r) => ({ object_id: it._id, rank: r + 1, meta: null })),
      search_meta: null,
      user_id: null,
      is_irrelevant: false,
      batch_id: 'b1',
      session_number: k + 1,
      events: clicked ? [{ event_id: `${id}-c`, session_id: id, object_id: target._id, event_type: 'click', created_at: 1_700_000_100 + k, meta: null }] : [],
    });
  }
  return { items: items.map(({ _id, title }) => ({ _id, title })), sessions };
}

let dir: string;
let method: DefaultFineTuningMethod;

beforeAll(async () => {
  const modelDir = cachedModelDir({ model: 'all-minilm-l6-v2', modelsCacheDir: null });
  if (!existsSync(join(modelDir, 'model.onnx'))) {
    throw new Error(`all-minilm-l6-v2 is not in the models cache (${modelDir}); run \`npm run models:fetch\` from the repository root first.`);
  }
  await tf.setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'es-default-method-int-'));
  const { items } = corpus();
  writeFileSync(join(dir, 'items.jsonl'), items.map((it) => JSON.stringify(it)).join('\n') + '\n');
  method = new DefaultFineTuningMethod({ itemsFile: join(dir, 'items.jsonl'), textFields: ['title'], epochs: 2, maxEvals: 1, seed: 42 });
});

afterAll(async () => {
  await method?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('DefaultFineTuningMethod on all-MiniLM-L6-v2', () => {
  it('uploads a 384-d identity adapter and prepares data that trains', async () => {
    const ctx = aMethodContext();
    const t0 = performance.now();
    await method.uploadInitialModel(ctx);
    const initial = ctx.uploaded[0] as (typeof ctx.uploaded)[number];
    expect(initial.manifest).toMatchObject({ kind: 'linear-adapter', config: { inputDimension: 384, outputDimension: 384, side: 'query' } });
    expect(readArtifactWeights(initial)['kernel']?.[385]).toBe(1);

    const t1 = performance.now();
    const { plan, data, report } = await method.getFineTuningBuilder(corpus().sessions, ctx);
    const t2 = performance.now();
    expect(report).toMatchObject({
      dimension: 384,
      encoder: { id: 'sentence-transformers/all-MiniLM-L6-v2' },
      items: { source: `jsonl:${join(dir, 'items.jsonl')}`, missing: 0 },
      sessions: { received: 22 },
    });
    expect(report.train.examples).toBeGreaterThan(0);
    expect(report.test.examples).toBeGreaterThan(0);
    expect(ctx.progress.at(-1)?.fraction).toBe(1);

    // Vectors are aligned with their ids: MiniLM puts a query nearer to the clicked (on-topic)
    // result than to the shown off-topic ones in most sessions.
    const d = 384;
    const vec = (t: { ids: readonly string[]; data: Float32Array }, id: string): Float32Array => {
      const i = t.ids.indexOf(id);
      return t.data.subarray(i * d, (i + 1) * d);
    };
    const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] as number), 0);
    const examples = [...data.train, ...data.test].filter((e) => e.positives.length > 0 && e.negatives.length > 0);
    const nearer = examples.filter((e) => {
      const q = vec(data.queries as never, e.queryId);
      const pos = dot(q, vec(data.items as never, e.positives[0] as string));
      return e.negatives.every((n) => dot(q, vec(data.items as never, n)) < pos);
    });
    expect(Math.abs(dot(vec(data.queries as never, data.train[0]?.queryId as string), vec(data.queries as never, data.train[0]?.queryId as string)) - 1)).toBeLessThan(1e-5);
    expect(nearer.length / examples.length).toBeGreaterThanOrEqual(0.8);

    const result = await runTraining(plan, { data, initialModel: initial });
    const t3 = performance.now();
    const run = result.runs[0];
    expect(run?.status).toBe('finished');
    expect(run?.evaluations.length).toBeGreaterThanOrEqual(2);
    for (const e of run?.evaluations ?? []) for (const v of Object.values(e.metrics)) expect(Number.isFinite(v)).toBe(true);
    // The baseline (the starting adapter) is evaluated, so the best checkpoint is never worse.
    expect(result.bestMetric.value).toBeGreaterThanOrEqual(0);
    console.info(
      JSON.stringify({
        uploadInitialModelMs: Math.round(t1 - t0),
        prepareMs: Math.round(t2 - t1),
        trainMs: Math.round(t3 - t2),
        report: { sessions: report.sessions, train: report.train, test: report.test, items: report.items.embedded, split: report.split },
        evaluations: run?.evaluations.map((e) => ({ shift: e.metrics['test_not_irrelevant_dist_shift'], ndcg: e.metrics['test_ndcg@10'] })),
        bestParams: result.bestParams,
        nearer: `${nearer.length}/${examples.length}`,
      }),
    );
  }, 300_000);
});
