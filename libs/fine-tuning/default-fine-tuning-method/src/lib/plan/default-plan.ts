import { FineTuningBuilder, type SearchSpace, type TrainingPlan } from '@embedding-studio/fine-tuning-builder';

/**
 * The hyperparameters the default method searches: Adam's learning rate (log scale), the
 * margin of the pairwise sigmoid-margin loss and decoupled weight decay.
 */
export const DEFAULT_SEARCH_SPACE: SearchSpace = Object.freeze({
  learningRate: { type: 'loguniform', low: 3e-4, high: 3e-2 },
  margin: { type: 'choice', values: [0.05, 0.1, 0.2] },
  weightDecay: { type: 'choice', values: [0, 0.01] },
});

export interface DefaultTrainingPlanOptions {
  /** Epochs per trial. */
  epochs: number;
  /** Trials of the search. */
  maxEvals: number;
  /** Seed of shuffling, negative sampling and the search. */
  seed: number;
  /** Rows per optimizer step. */
  batchSize: number;
  /** (query, clicked item) rows of the train split; sizes the warm-up. */
  trainRows: number;
}

/**
 * The default method's plan: a query-side linear adapter (identity at start, so items keep
 * their vectors and nothing is re-indexed), the pairwise sigmoid-margin ranking loss, Adam,
 * cosine decay after a linear warm-up over the first ~10 % of steps, evaluation each epoch
 * (baseline included, so the best checkpoint is never worse than the start), early stopping
 * after 2 evaluations without improvement of `test_not_irrelevant_dist_shift`, and a seeded TPE
 * search over {@link DEFAULT_SEARCH_SPACE}.
 */
export function createDefaultTrainingPlan(options: DefaultTrainingPlanOptions): TrainingPlan {
  const stepsPerEpoch = Math.max(1, Math.ceil(options.trainRows / options.batchSize));
  const warmupSteps = Math.max(1, Math.round(0.1 * stepsPerEpoch * options.epochs));
  return FineTuningBuilder.create()
    .linearAdapter({ side: 'query' })
    .probMarginLoss({ margin: 0.1 })
    .adam({ learningRate: 1e-3 })
    .cosineLr({ unit: 'step', minFactor: 0.05, warmup: { unit: 'step', length: warmupSteps, startFactor: 0.1 } })
    .epochs(options.epochs)
    .batchSize(options.batchSize)
    .evaluateEvery('epoch')
    .baselineEvaluation(true)
    .earlyStopping({ patience: 2 })
    .seed(options.seed)
    .search(DEFAULT_SEARCH_SPACE, { algorithm: 'tpe', maxEvals: options.maxEvals })
    .build();
}
