import type { Item, ItemLoader } from '@embedding-studio/data-loaders';
import { DefaultFineTuningMethod, type DefaultFineTuningMethodOptions } from '@embedding-studio/default-fine-tuning-method';
import { applyHyperParams, runTraining, type DatasetEncoder, type EpochEndInfo, type HyperParams, type TrainingPlan } from '@embedding-studio/fine-tuning-builder';
import type { MethodContext } from '@embedding-studio/fine-tuning-plugins';
import { loadModelArtifact } from '@embedding-studio/model-runtime/tfjs';
import { BenchInvalidArgumentError } from '../../errors.js';
import { createVectorTable } from '../vectors/vector-table.js';
import type { VectorTable } from '../vectors/vector-table.js';
import type { Learner, LearnerInput, LearnerTrainOptions, TrainedAdapter } from './learner.js';

/**
 * The plugin class P, C-rand and O train with: the default fine-tuning method users run. A spec
 * asserts that the bench's learner is this export, so the benchmark cannot drift from it.
 */
export const SHIPPED_METHOD = DefaultFineTuningMethod;

/** What the benchmark may set besides the protocol's seed: the plugin's own options (e.g. fewer epochs for the smoke run). */
export type BenchMethodOptions = Pick<DefaultFineTuningMethodOptions, 'epochs' | 'maxEvals' | 'batchSize' | 'testSize'>;

/** The smoke run's plugin options: a synthetic corpus, seconds at most. */
export const SMOKE_METHOD: BenchMethodOptions = Object.freeze({ epochs: 4, batchSize: 64 });

export interface PluginLearnerOptions {
  /** Options of the plugin, as a deployment would set them (`ES_DEFAULT_METHOD_*`). @defaultValue {} (the shipped defaults) */
  readonly method?: BenchMethodOptions;
  /**
   * Hyperparameters applied to the plugin's plan (fine-tuning-builder's `applyHyperParams`), to
   * compare plans on the dev split before changing the default. The headline runs without.
   * @defaultValue {}
   */
  readonly params?: HyperParams;
}

/**
 * The base vectors the bench already holds, as the plugin's embedding step: queries by text
 * (only the click pool's; anything else is refused, so no evaluation query can be looked up)
 * and items by id.
 */
export function cachedVectors(items: VectorTable, queries: VectorTable): DatasetEncoder<Item> {
  const rows = (table: VectorTable, keys: readonly string[], what: string): { count: number; dimension: number; data: Float32Array } => {
    const d = table.dimension;
    const data = new Float32Array(keys.length * d);
    keys.forEach((key, i) => {
      const row = table.index.get(key);
      if (row === undefined) throw new BenchInvalidArgumentError(`The learner asked for the vector of an unknown ${what} ${JSON.stringify(key)}; only click-pool queries and corpus docs have one.`);
      data.set(table.data.subarray(row * d, (row + 1) * d), i * d);
    });
    return { count: keys.length, dimension: d, data };
  };
  return {
    id: 'bench:cached-vectors',
    version: 'cache',
    dimension: items.dimension,
    embedQueries: async (texts) => rows(queries, texts, 'query'),
    embedItems: async (list) =>
      rows(
        items,
        list.map((i) => i.id),
        'doc',
      ),
  };
}

/** data-loaders' item port over the corpus texts. */
export function corpusLoader(documents: ReadonlyMap<string, string>): ItemLoader<Item> {
  return {
    source: 'bench:corpus',
    load(ids) {
      const out = new Map<string, Item>();
      for (const id of ids) {
        const text = documents.get(id);
        if (text !== undefined) out.set(id, { id, text });
      }
      return Promise.resolve(out);
    },
  };
}

const silentContext = (): MethodContext => ({
  logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  signal: new AbortController().signal,
  reportProgress: () => undefined,
  uploadInitialModel: () => Promise.resolve(),
});

/** Plugin seeds are below 2^31. */
const pluginSeed = (seed: number): number => (seed >>> 0) % 2 ** 31;

/**
 * `rank` in `--params` compares the low-rank residual adapter (`y = x + x·A·B`, identity at
 * start) against a plan that trains the full linear adapter: the plan's model becomes a
 * query-side low-rank residual adapter of that rank before the parameters are applied.
 */
export function withRank(plan: TrainingPlan, params: HyperParams): TrainingPlan {
  if (params.rank === undefined || plan.model.kind !== 'linear-adapter') return plan;
  return { ...plan, model: { kind: 'low-rank-residual-adapter', side: plan.model.side, rank: params.rank } };
}

/** The learner's id in reports. */
function learnerId(method: DefaultFineTuningMethod, options: PluginLearnerOptions): string {
  const s = method.settings;
  const params = Object.entries(options.params ?? {});
  return (
    `${method.meta.name} ${method.meta.version} (epochs≤${s.epochs}, batch ${s.batchSize}, trials ${s.maxEvals}, test items ${s.testSize})` +
    (params.length ? ` with ${params.map(([k, v]) => `${k}=${String(v)}`).join(', ')}` : '')
  );
}

/**
 * P's learner is the shipped plugin: sessions → `DefaultFineTuningMethod.getFineTuningBuilder`
 * (data-loaders' dataset, fine-tuning-builder's training data, the default plan) →
 * `runTraining` with that plan and its early stopping (the main metric on the plugin's
 * item-disjoint held-out part of the log). The benchmark sets only what the protocol fixes:
 * the seed (per run), the vectors (its cache instead of re-embedding) and the item texts (the
 * corpus); the tfjs backend is chosen by the caller.
 */
export function createPluginLearner(options: PluginLearnerOptions = {}): Learner {
  // With options the plugin reads no environment and opens no model: this only validates them and names the learner.
  const id = learnerId(new SHIPPED_METHOD({ ...options.method }), options);
  const params = options.params ?? {};
  const plan = (p: TrainingPlan): TrainingPlan => (Object.keys(params).length > 0 ? applyHyperParams(withRank(p, params), params) : p);
  return {
    id,
    async train(input: LearnerInput, opts: LearnerTrainOptions): Promise<TrainedAdapter> {
      const method = new SHIPPED_METHOD({
        ...options.method,
        seed: pluginSeed(opts.seed),
        vectors: cachedVectors(input.items, input.queries),
        itemLoader: corpusLoader(input.documents),
      });
      try {
        const setup = await method.getFineTuningBuilder(input.sessions, silentContext());
        const trainingPlan = plan(setup.plan);
        const mainMetric = trainingPlan.evaluation.mainMetric.name;
        const history: Array<{ epoch: number; loss: number; validation: number }> = [];
        const result = await runTraining(trainingPlan, {
          data: setup.data,
          onEpochEnd: (e: EpochEndInfo) => {
            const info = { epoch: e.epoch + 1, loss: e.trainLoss, validation: e.metrics[mainMetric] ?? Number.NaN };
            history.push(info);
            opts.onEpochEnd?.(info);
          },
        });
        const run = result.runs[result.bestTrial];
        const model = loadModelArtifact(result.bestModel.manifest, result.bestModel.weights);
        if (model.kind !== 'linear-adapter' && model.kind !== 'low-rank-residual-adapter') {
          await model.dispose();
          throw new BenchInvalidArgumentError(`The plugin trained a ${model.kind}; the benchmark ranks with query-side adapters only.`);
        }
        const d = input.items.dimension;
        return {
          dimension: d,
          apply(queries: VectorTable): VectorTable {
            const out = model.apply(queries.data);
            return createVectorTable(queries.ids, out.data, out.dimension, true);
          },
          dispose: () => model.dispose(),
          summary: {
            epochsRun: run?.epochsCompleted ?? history.length,
            bestEpoch: run?.bestStep === 0 || run?.bestEpoch === null || run === undefined ? 0 : (run.bestEpoch as number) + 1,
            bestValidation: result.bestMetric.value,
            selectedBy: `${mainMetric} (the method's own rule)`,
            pairs: setup.report.train.rows,
            history,
          },
        };
      } finally {
        await method.dispose();
      }
    },
  };
}
