import type { RankingExample } from '@embedding-studio/data-loaders';
import { FineTuningBuilder, METRIC_NAMES, runTraining } from '@embedding-studio/fine-tuning-builder';
import type { EpochEndInfo, TrainingExample, TrainingPlan, TrainingResult } from '@embedding-studio/fine-tuning-builder';
import { loadModelArtifact } from '@embedding-studio/model-runtime/tfjs';
import { BenchInvalidArgumentError } from '../../errors.js';
import { createVectorTable } from '../vectors/vector-table.js';
import type { VectorTable } from '../vectors/vector-table.js';
import type { Learner, LearnerInput, LearnerTrainOptions, TrainedAdapter, ValidationSet } from './learner.js';

/** The plan knobs the benchmark exposes (everything else is fine-tuning-builder's default). */
export interface FineTuningLearnerOptions {
  /** `info-nce`: in-batch contrastive (own shown-not-clicked negatives + the batch's other positives); `prob-margin`: pairwise sigmoid margin. @defaultValue 'info-nce' */
  readonly loss?: 'info-nce' | 'prob-margin';
  /** Adam learning rate. @defaultValue 5e-4 */
  readonly learningRate?: number;
  /** Maximum epochs. @defaultValue 12 */
  readonly epochs?: number;
  /** Rows (query, clicked item) per step. @defaultValue 128 */
  readonly batchSize?: number;
  /** Softmax temperature of `info-nce`. @defaultValue 0.1 */
  readonly temperature?: number;
  /** Margin of `prob-margin`. @defaultValue 0.1 */
  readonly margin?: number;
  /** Adam's decoupled weight decay. @defaultValue 0 */
  readonly weightDecay?: number;
  /** Explicit negatives per row, sampled without replacement from the example's negatives. @defaultValue 9 */
  readonly maxNegatives?: number;
  /** Epochs without a better selection score before stopping. @defaultValue 2 */
  readonly patience?: number;
  /** Keep the adapter's bias at 0 (train the kernel only). @defaultValue false */
  readonly freezeBias?: boolean;
}

/** Every option with its default filled in (reported with each run). */
export type ResolvedLearnerOptions = Required<FineTuningLearnerOptions>;

export const DEFAULT_LEARNER_OPTIONS: ResolvedLearnerOptions = {
  loss: 'info-nce',
  learningRate: 5e-4,
  epochs: 12,
  batchSize: 128,
  temperature: 0.1,
  margin: 0.1,
  weightDecay: 0,
  maxNegatives: 9,
  patience: 2,
  freezeBias: false,
};

/** Fills defaults and checks ranges (`BENCH_INVALID_ARGUMENT` names the option). */
export function resolveLearnerOptions(options: FineTuningLearnerOptions = {}): ResolvedLearnerOptions {
  const o = { ...DEFAULT_LEARNER_OPTIONS, ...options };
  const positive = (name: keyof ResolvedLearnerOptions, v: number, integer = false): void => {
    if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
      throw new BenchInvalidArgumentError(`learner option ${name} must be a positive ${integer ? 'integer' : 'number'}, got ${String(v)}.`);
    }
  };
  if (o.loss !== 'info-nce' && o.loss !== 'prob-margin') throw new BenchInvalidArgumentError(`learner option loss must be info-nce or prob-margin, got ${String(o.loss)}.`);
  positive('learningRate', o.learningRate);
  positive('epochs', o.epochs, true);
  positive('batchSize', o.batchSize, true);
  positive('temperature', o.temperature);
  positive('margin', o.margin);
  positive('maxNegatives', o.maxNegatives, true);
  positive('patience', o.patience, true);
  if (!Number.isFinite(o.weightDecay) || o.weightDecay < 0) throw new BenchInvalidArgumentError(`learner option weightDecay must be ≥ 0, got ${String(o.weightDecay)}.`);
  return o;
}

/** The learner's id in reports, e.g. `fine-tuning-builder:linear-adapter/info-nce(t=0.05) adam(lr=0.0005) …`. */
export function learnerId(o: ResolvedLearnerOptions): string {
  const loss = o.loss === 'info-nce' ? `info-nce(t=${o.temperature})` : `prob-margin(m=${o.margin})`;
  return (
    `fine-tuning-builder:linear-adapter(query${o.freezeBias ? ', no bias' : ''})/${loss} adam(lr=${o.learningRate}, wd=${o.weightDecay}) ` +
    `batch=${o.batchSize} negatives=${o.maxNegatives} epochs≤${o.epochs} patience=${o.patience}`
  );
}

/** The fine-tuning plan of one run: a query-side linear adapter (identity at start), seeded. */
export function learnerPlan(o: ResolvedLearnerOptions, seed: number, selection: 'validation' | 'test'): TrainingPlan {
  let b = FineTuningBuilder.create().linearAdapter({ side: 'query' });
  b = o.loss === 'info-nce' ? b.infoNceLoss({ temperature: o.temperature, inBatchNegatives: true }) : b.probMarginLoss({ margin: o.margin });
  b = b
    .adam({ learningRate: o.learningRate, weightDecay: o.weightDecay })
    .epochs(o.epochs)
    .batchSize(o.batchSize)
    .maxNegatives(o.maxNegatives)
    // The starting weights are the base model: never kept as "best", so a learner that only
    // hurts shows up as a loss instead of silently falling back to B0.
    .baselineEvaluation(false)
    .seed(seed);
  if (selection === 'validation') b = b.ndcgAt(10).mainMetric(`${METRIC_NAMES.ndcgPrefix}10`, 'max');
  b = b.earlyStopping({ patience: o.patience });
  if (o.freezeBias) b = b.freeze('bias');
  return b.build();
}

const TRAIN_PREFIX = 'c:';
const VALIDATION_PREFIX = 'v:';

/**
 * data-loaders examples → fine-tuning-builder examples. Query ids are `c:<query text>`. An
 * example whose positives carry different weights (IPS) becomes one example per positive.
 */
export function toTrainingExamples(examples: readonly RankingExample[]): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const e of examples) {
    const queryId = TRAIN_PREFIX + e.query;
    const negatives = e.negatives.map((n) => n.id);
    const weights = new Set(e.positives.map((p) => p.weight));
    if (weights.size <= 1) {
      const weight = e.positives[0]?.weight ?? 1;
      out.push({ queryId, positives: e.positives.map((p) => p.id), negatives, ...(weight === 1 ? {} : { weight }) });
    } else {
      for (const p of e.positives) out.push({ queryId, positives: [p.id], negatives, ...(p.weight === 1 ? {} : { weight: p.weight }) });
    }
  }
  return out;
}

/** Dev queries as test examples: judged relevant docs are positives, the base top-N minus them negatives. */
export function validationExamples(v: ValidationSet, items: VectorTable): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const qid of v.queries.ids) {
    const rel = v.relevant.get(qid) ?? new Set<string>();
    const positives = [...rel].filter((id) => items.index.has(id)).sort();
    if (positives.length === 0) continue;
    const negatives = (v.candidates.get(qid) ?? []).filter((id) => !rel.has(id) && items.index.has(id));
    out.push({ queryId: VALIDATION_PREFIX + qid, positives, negatives });
  }
  return out;
}

/**
 * P's learner, the product's own fine-tuning: `@embedding-studio/fine-tuning-builder`
 * `runTraining` with a query-side linear adapter from `@embedding-studio/model-runtime/tfjs`
 * (identity at start, items frozen, so the index is not rebuilt).
 *
 * - Train split: data-loaders' examples (`input.train.examples`; sessions without clicks do not
 *   train). Queries are looked up by text in `input.queries` only; others are skipped and counted.
 * - Selection: with a validation set (the protocol's dev queries), every epoch is scored by
 *   nDCG@10 of each dev query over its judged docs plus the base top-N (`test_ndcg@10`), the
 *   best epoch is kept and training stops after `patience` epochs without a better one. Without
 *   one, the product's own rule is used: fine-tuning-builder's main metric on `input.test`.
 * - Epoch 0 (the identity) is never kept.
 */
export function createFineTuningLearner(options: FineTuningLearnerOptions = {}): Learner & { readonly options: ResolvedLearnerOptions } {
  const o = resolveLearnerOptions(options);
  return {
    id: learnerId(o),
    options: o,
    async train(input: LearnerInput, opts: LearnerTrainOptions): Promise<TrainedAdapter> {
      const { items } = input;
      const d = items.dimension;
      const known = (e: RankingExample): boolean => input.queries.index.has(e.query);
      const trainExamples = input.train.examples.filter(known);
      const skipped = input.train.examples.length - trainExamples.length;
      const train = toTrainingExamples(trainExamples);
      // Held-out click-log examples select the epoch only when no validation set is given.
      const heldOut = opts.validation ? [] : [...input.test.examples, ...input.test.irrelevant].filter(known);
      const test = opts.validation ? validationExamples(opts.validation, items) : toTrainingExamples(heldOut);
      const pairs = train.reduce((n, e) => n + ((e.weight ?? 1) > 0 ? e.positives.length : 0), 0);

      // Query table: the texts used by train / test examples, then the validation queries.
      const queryIds: string[] = [];
      const rows: Float32Array[] = [];
      const seen = new Set<string>();
      const addText = (text: string): void => {
        const id = TRAIN_PREFIX + text;
        if (seen.has(id)) return;
        seen.add(id);
        queryIds.push(id);
        const r = input.queries.index.get(text) as number;
        rows.push(input.queries.data.subarray(r * d, (r + 1) * d));
      };
      for (const e of [...trainExamples, ...heldOut]) addText(e.query);
      if (opts.validation) {
        const v = opts.validation.queries;
        for (const qid of v.ids) {
          queryIds.push(VALIDATION_PREFIX + qid);
          const r = v.index.get(qid) as number;
          rows.push(v.data.subarray(r * d, (r + 1) * d));
        }
      }
      const queryData = new Float32Array(rows.length * d);
      rows.forEach((row, i) => queryData.set(row, i * d));

      const selection = opts.validation ? 'validation' : 'test';
      const plan = learnerPlan(o, opts.seed, selection);
      const history: Array<{ epoch: number; loss: number; validation: number }> = [];
      const mainMetric = plan.evaluation.mainMetric.name;
      const result: TrainingResult = await runTraining(plan, {
        data: {
          train,
          test,
          queries: { ids: queryIds, dimension: d, data: queryData },
          items: { ids: items.ids, dimension: d, data: items.data },
        },
        onEpochEnd: (e: EpochEndInfo) => {
          const info = { epoch: e.epoch + 1, loss: e.trainLoss, validation: e.metrics[mainMetric] ?? Number.NaN };
          history.push(info);
          opts.onEpochEnd?.(info);
        },
      });
      const run = result.runs[result.bestTrial];
      const model = loadModelArtifact(result.bestModel.manifest, result.bestModel.weights, { expectedKind: 'linear-adapter' });
      return {
        dimension: d,
        apply(queries: VectorTable): VectorTable {
          const out = model.apply(queries.data);
          return createVectorTable(queries.ids, out.data, out.dimension, true);
        },
        dispose: () => model.dispose(),
        summary: {
          epochsRun: run?.epochsCompleted ?? history.length,
          bestEpoch: (run?.bestEpoch ?? -1) + 1,
          bestValidation: result.bestMetric.value,
          selectedBy: `${mainMetric} (${selection === 'validation' ? 'dev queries' : 'held-out click log'})`,
          pairs,
          skipped,
          history,
        },
      };
    },
  };
}
