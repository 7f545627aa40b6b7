import { FineTuningBuilder, METRIC_NAMES, type HyperParams, type SearchSpace, type TrainingPlan } from '@embedding-studio/fine-tuning-builder';

/**
 * The learner the benchmark measured best on its dev split (docs/benchmarks/README.md, "Choosing
 * the default plan"): in-batch contrastive InfoNCE at temperature 0.1, Adam at 5e-4. The first
 * trial of every search uses these values.
 */
export const DEFAULT_PARAMS: Readonly<Required<Pick<HyperParams, 'learningRate'>>> = Object.freeze({ learningRate: 5e-4 });

/** Softmax temperature of the in-batch contrastive loss. */
export const DEFAULT_TEMPERATURE = 0.1;

/**
 * What further trials search (`ES_DEFAULT_METHOD_MAX_EVALS` > 1): Adam's learning rate (log
 * scale). Trials are compared by the main metric, the training loss, so the temperature (which
 * changes the loss's scale) is not searched.
 */
export const DEFAULT_SEARCH_SPACE: SearchSpace = Object.freeze({
  learningRate: { type: 'loguniform', low: 1e-4, high: 2e-3 },
});

/** Explicit shown-but-not-clicked negatives per row (sampled without replacement). */
export const DEFAULT_MAX_NEGATIVES = 9;

export interface DefaultTrainingPlanOptions {
  /** Epochs per trial (at most: early stopping may end sooner). */
  epochs: number;
  /** Trials of the search; the first uses {@link DEFAULT_PARAMS}. */
  maxEvals: number;
  /** Seed of shuffling, negative sampling and the search. */
  seed: number;
  /** Rows per optimizer step (also the pool of in-batch negatives). */
  batchSize: number;
  /** 0: the full linear adapter; R > 0: a low-rank residual adapter of rank R. @defaultValue 0 */
  adapterRank?: number;
}

/**
 * The default method's plan: a query-side linear adapter, or with `adapterRank` > 0 a low-rank
 * residual adapter (identity at start either way, so items keep their vectors and nothing is
 * re-indexed), in-batch contrastive InfoNCE (each clicked item
 * against the row's shown-but-not-clicked results and the batch's other clicked items), Adam
 * at a constant learning rate for `epochs` epochs (5 by default, chosen on the benchmark's dev
 * split), evaluation each epoch on the item-disjoint test sessions (their metrics are reported,
 * `test_not_irrelevant_dist_shift` among them), and the training loss as the main metric: the
 * kept model is the epoch with the lowest training loss, and training stops early after 2 epochs
 * without a lower one. The held-out items do not pick the epoch: on them every metric falls from
 * the first epoch while queries the adapter never saw keep improving (docs/benchmarks/README.md).
 * With `maxEvals` > 1, a seeded TPE search over {@link DEFAULT_SEARCH_SPACE} whose first trial
 * is {@link DEFAULT_PARAMS} (the worker puts the previous iteration's best parameters first).
 */
export function createDefaultTrainingPlan(options: DefaultTrainingPlanOptions): TrainingPlan {
  const rank = options.adapterRank ?? 0;
  const builder = FineTuningBuilder.create();
  const plan = (rank > 0 ? builder.lowRankAdapter({ side: 'query', rank }) : builder.linearAdapter({ side: 'query' }))
    .infoNceLoss({ temperature: DEFAULT_TEMPERATURE, inBatchNegatives: true })
    .adam({ learningRate: DEFAULT_PARAMS.learningRate })
    .epochs(options.epochs)
    .batchSize(options.batchSize)
    .maxNegatives(DEFAULT_MAX_NEGATIVES)
    .evaluateEvery('epoch')
    .mainMetric(METRIC_NAMES.trainLoss, 'min')
    .baselineEvaluation(true)
    .earlyStopping({ patience: 2 })
    .seed(options.seed);
  // One trial is the measured plan itself; a search starts from it.
  return (options.maxEvals > 1 ? plan.search(DEFAULT_SEARCH_SPACE, { algorithm: 'tpe', maxEvals: options.maxEvals, initialParams: [DEFAULT_PARAMS] }) : plan).build();
}
