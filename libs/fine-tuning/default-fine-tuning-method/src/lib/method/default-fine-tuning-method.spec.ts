import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { aResult, aSessionWithEvents } from '@embedding-studio/clickstream-core/testing';
import { runTraining } from '@embedding-studio/fine-tuning-builder';
import { readArtifactWeights } from '@embedding-studio/fine-tuning-builder/testing';
import { loadFineTuningMethods } from '@embedding-studio/fine-tuning-plugins';
import { rejection } from '../testing/fixtures.js';
import { aMethodContext, createBagOfWordsEncoder, synonymClickSessions } from '../../testing.js';
import { DefaultFineTuningMethod } from './default-fine-tuning-method.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '../../../../../..');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('DefaultFineTuningMethod', () => {
  it('uploads an identity query-side linear adapter of the encoder dimension', async () => {
    const method = new DefaultFineTuningMethod({ encoder: createBagOfWordsEncoder({ dimension: 8 }) });
    const ctx = aMethodContext();
    await method.uploadInitialModel(ctx);
    expect(ctx.uploaded).toHaveLength(1);
    const artifact = ctx.uploaded[0] as (typeof ctx.uploaded)[number];
    expect(artifact.manifest).toMatchObject({ kind: 'linear-adapter', config: { inputDimension: 8, outputDimension: 8, side: 'query', normalize: false } });
    const { kernel, bias } = readArtifactWeights(artifact);
    expect(Array.from(kernel as Float32Array)).toEqual(Array.from({ length: 64 }, (_, k) => (Math.floor(k / 8) === k % 8 ? 1 : 0)));
    expect(Array.from(bias as Float32Array)).toEqual(new Array(8).fill(0));
  });

  it('with adapterRank, uploads an identity low-rank residual adapter and plans the same model', async () => {
    const method = new DefaultFineTuningMethod({ encoder: createBagOfWordsEncoder({ dimension: 8 }), adapterRank: 3 });
    const ctx = aMethodContext();
    await method.uploadInitialModel(ctx);
    const artifact = ctx.uploaded[0] as (typeof ctx.uploaded)[number];
    expect(artifact.manifest).toMatchObject({ kind: 'low-rank-residual-adapter', config: { dimension: 8, rank: 3, side: 'query', normalize: false } });
    const { b } = readArtifactWeights(artifact);
    expect(Array.from(b as Float32Array)).toEqual(new Array(24).fill(0));
    const setup = await method.getFineTuningBuilder(synonymClickSessions({ sessions: 40, withoutClicks: 4 }), ctx);
    expect(setup.plan.model).toEqual({ kind: 'low-rank-residual-adapter', side: 'query', rank: 3 });
    const result = await runTraining(setup.plan, { data: setup.data, initialModel: artifact as never });
    expect(result.bestModel.manifest.kind).toBe('low-rank-residual-adapter');
  }, 60_000);

  it('opens the model lazily and names the model and the fetch command when its files are missing', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'es-models-'));
    try {
      const method = new DefaultFineTuningMethod({ modelsCacheDir: cache }); // constructing touches no file
      const err = await rejection(method.uploadInitialModel(aMethodContext()));
      expect(err.code).toBe('DEFAULT_FINE_TUNING_METHOD_MODEL_FILES_MISSING');
      expect(err.message).toContain('The embedding model "all-minilm-l6-v2" is not in the models cache');
      expect(err.message).toContain(`${join(cache, 'all-minilm-l6-v2')} lacks model.onnx, tokenizer.json`);
      expect(err.message).toContain('`npm run models:fetch`');
      expect(err.message).toContain(`ES_MODELS_CACHE=${cache}`);
      // A failed open is not cached: the next call looks again.
      const again = await rejection(method.getFineTuningBuilder([], aMethodContext()));
      expect(again.code).toBe('DEFAULT_FINE_TUNING_METHOD_MODEL_FILES_MISSING');

      const other = new DefaultFineTuningMethod({ modelsCacheDir: cache, model: 'my-encoder' });
      expect((await rejection(other.encoder())).message).toContain('`node tools/models/fetch-model.mjs my-encoder`');
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('builds the plan the benchmark chose: query-side linear adapter, in-batch InfoNCE, Adam, 5 epochs kept by training loss; a search starts from it', async () => {
    const sessions = synonymClickSessions({ sessions: 60 });
    const one = await new DefaultFineTuningMethod({ encoder: createBagOfWordsEncoder(), seed: 5 }).getFineTuningBuilder(sessions, aMethodContext());
    expect(one.plan).toMatchObject({
      model: { kind: 'linear-adapter', side: 'query', outputDimension: null },
      loss: { kind: 'info-nce', temperature: 0.1, inBatchNegatives: true },
      optimizer: { kind: 'adam', learningRate: 5e-4, weightDecay: 0 },
      lrSchedule: { kind: 'constant' },
      epochs: 5,
      batchSize: 128,
      maxNegatives: 9,
      evaluation: { everySteps: null, baseline: true, mainMetric: { name: 'train_loss', mode: 'min' } },
      earlyStopping: { metric: 'train_loss', mode: 'min', patience: 2 },
      seed: 5,
      search: null,
    });

    const method = new DefaultFineTuningMethod({ encoder: createBagOfWordsEncoder(), epochs: 4, maxEvals: 2, seed: 5 });
    const ctx = aMethodContext();
    const { plan } = await method.getFineTuningBuilder(sessions, ctx);
    expect(plan).toMatchObject({
      epochs: 4,
      search: {
        algorithm: 'tpe',
        maxEvals: 2,
        initialParams: [{ learningRate: 5e-4 }],
        space: { learningRate: { type: 'loguniform', low: 1e-4, high: 2e-3 } },
      },
    });
    expect(ctx.logs.find((l) => l.message === 'training data prepared')?.meta).toMatchObject({ sessions: 60, dimension: 32 });
  });

  it('reads item texts from the configured meta fields, and says which setting to fix when they are absent', async () => {
    const encoder = createBagOfWordsEncoder();
    const method = new DefaultFineTuningMethod({ encoder, textFields: ['title', 'text'] });
    const sessions = [
      aSessionWithEvents({ id: 'p', query: 'q one', results: [aResult('a', 1, { title: 'Alpha', text: 'first' }), aResult('b', 2, { title: 'Beta' }), aResult('c', 3, { text: 'gamma' })], clicks: ['a'] }),
      aSessionWithEvents({ id: 'q', query: 'q two', results: [aResult('d', 1, { title: 'Delta', text: 'fourth' }), aResult('e', 2, { title: 'Epsilon' }), aResult('f', 3, { title: 'Zeta' })], clicks: ['d'] }),
    ];
    await method.getFineTuningBuilder(sessions, aMethodContext());
    expect(encoder.calls.find((c) => c.side === 'items')?.texts).toEqual(['Alpha first', 'Beta', 'gamma', 'Delta fourth', 'Epsilon', 'Zeta']);

    const wrongField = new DefaultFineTuningMethod({ encoder, textFields: ['description'] });
    const err = await rejection(wrongField.getFineTuningBuilder(sessions, aMethodContext()));
    expect(err.code).toBe('DEFAULT_FINE_TUNING_METHOD_NOT_ENOUGH_SESSIONS');
    expect(err.message).toContain('Some clicked items have no text in result meta field(s) "description"');
    expect(err.message).toContain('ES_DEFAULT_METHOD_TEXT_FIELDS');
    expect(err.message).toContain('ES_DEFAULT_METHOD_ITEMS_FILE');
  });

  it('trains: the plan and data run through runTraining and the adapter learns a planted click pattern', async () => {
    const method = new DefaultFineTuningMethod({ encoder: createBagOfWordsEncoder(), batchSize: 16, epochs: 12, testSize: 0.2 });
    const ctx = aMethodContext();
    await method.uploadInitialModel(ctx);
    const setup = await method.getFineTuningBuilder(synonymClickSessions({ sessions: 150, withoutClicks: 10 }), ctx);
    expect(setup.report.test.examples).toBeGreaterThan(0);
    expect(setup.report.test.irrelevant).toBeGreaterThan(0);

    const result = await runTraining(setup.plan, { data: setup.data, initialModel: ctx.uploaded[0] as never });
    const run = result.runs[0];
    const baseline = run?.evaluations[0]?.metrics ?? {};
    const best = run?.evaluations.find((e) => e.metrics['train_loss'] === result.bestMetric.value)?.metrics ?? {};
    // Queries share no word with the items they click, so the base ranking is near chance.
    expect(baseline['test_not_irrelevant_dist_shift']).toBe(0);
    expect(baseline['test_ndcg@10']).toBeLessThan(0.55);
    // The adapter maps query words onto item words: clicked items move closer, ranking improves.
    expect(result.bestMetric).toMatchObject({ name: 'train_loss', mode: 'min' });
    expect(best['test_not_irrelevant_dist_shift']).toBeGreaterThan(0.001);
    expect(best['test_ndcg@10']).toBeGreaterThan((baseline['test_ndcg@10'] as number) + 0.25);
    expect(result.bestModel.manifest.kind).toBe('linear-adapter');
  }, 60_000);

  it('is deterministic under the seed', async () => {
    const sessions = synonymClickSessions({ sessions: 40, withoutClicks: 4 });
    const a = await new DefaultFineTuningMethod({ encoder: createBagOfWordsEncoder(), seed: 9 }).getFineTuningBuilder(sessions, aMethodContext());
    const b = await new DefaultFineTuningMethod({ encoder: createBagOfWordsEncoder(), seed: 9 }).getFineTuningBuilder(sessions, aMethodContext());
    expect(b.data).toEqual(a.data);
    expect(b.plan).toEqual(a.plan);
    expect(b.report).toEqual(a.report);
  });

  it('leaves an injected encoder to its owner on dispose', async () => {
    const encoder = createBagOfWordsEncoder();
    const method = new DefaultFineTuningMethod({ encoder });
    await method.uploadInitialModel(aMethodContext());
    await method.dispose();
    expect(encoder.disposed()).toBe(false);
  });

  it('is found by the plugin loader in the repository plugins folder', async () => {
    const { registry, failures } = await loadFineTuningMethods({ dir: join(repoRoot, 'plugins') });
    expect(failures).toEqual([]);
    expect(registry.names()).toEqual(['Default Fine Tuning Method']);
    expect(registry.get('Default Fine Tuning Method').meta.version).toBe('1.0.0');
  });
});
