// Public API of @embedding-studio/fine-tuning-builder. Name every export; nothing else is importable.

// Plan: builder, parsing, hyperparameters
export { DEFAULT_TRAINING_PLAN, FineTuningBuilder } from './lib/plan/fine-tuning-builder.js';
export type {
  AdamOptions,
  CosineLrOptions,
  EarlyStoppingOptions,
  HashedNgramEncoderOptions,
  InfoNceLossOptions,
  LinearAdapterOptions,
  LowRankAdapterOptions,
  ProbMarginLossOptions,
  SearchOptions,
  SgdOptions,
  StepLrOptions,
  WarmupOptions,
} from './lib/plan/fine-tuning-builder.js';
export { applyHyperParams, knownMetricNames, parseTrainingPlan } from './lib/plan/parse-plan.js';
export { HYPER_PARAM_NAMES, METRIC_NAMES } from './lib/plan/training-plan.js';
export type {
  AdamSpec,
  AdapterSide,
  ChoiceDimension,
  ConstantScheduleSpec,
  CosineScheduleSpec,
  EarlyStoppingSpec,
  EvaluationSpec,
  HashedNgramEncoderSpec,
  HyperParamName,
  HyperParams,
  InfoNceLossSpec,
  IntDimension,
  LinearAdapterSpec,
  LogUniformDimension,
  LossKind,
  LossSpec,
  LowRankResidualAdapterSpec,
  LrScheduleSpec,
  MetricMode,
  MetricTarget,
  ModelKind,
  ModelSpec,
  OptimizerKind,
  OptimizerSpec,
  PlanJson,
  ProbMarginLossSpec,
  ScheduleUnit,
  SearchAlgorithm,
  SearchDimension,
  SearchSpace,
  SearchSpec,
  SgdSpec,
  StepScheduleSpec,
  TrainingPlan,
  UniformDimension,
  WarmupSpec,
} from './lib/plan/training-plan.js';

// Schedules and search
export { scheduledLearningRate } from './lib/schedule/lr-schedule.js';
export type { SchedulePosition } from './lib/schedule/lr-schedule.js';
export { createParamSampler, createRandomSampler, createTpeSampler, sampleDimension } from './lib/search/param-sampler.js';
export type { ParamSampler, ParamSamplerOptions, Suggestion, SuggestionOrigin, TrialObservation } from './lib/search/param-sampler.js';

// Data
export { indexTrainingData } from './lib/data/training-data.js';
export type { TextTable, TrainingData, TrainingExample, VectorTable } from './lib/data/training-data.js';
export { textItemEncoder, toTrainingData, toTrainingExamples } from './lib/data/from-ranking-dataset.js';
export type { DatasetEncoder, ToTrainingDataOptions, ToTrainingDataReport } from './lib/data/from-ranking-dataset.js';

// Training
export { paramsName, runTraining } from './lib/train/run-training.js';
export type { RunTrainingDeps } from './lib/train/run-training.js';
export { EarlyStopping } from './lib/train/early-stopping.js';
export type { EarlyStoppingDecision } from './lib/train/early-stopping.js';
export type {
  EpochEndInfo,
  EvaluationInfo,
  EvaluationRecord,
  StepInfo,
  TrainingCallbacks,
  TrainingPhase,
  TrainingProgress,
  TrainingResult,
  TrialOrigin,
  TrialResult,
} from './lib/train/types.js';
export { createRankingLoss, infoNceLoss, probMarginLoss } from './lib/loss/ranking-losses.js';
export { createTfjsModelProvider } from './lib/model/tfjs-model-provider.js';

// Worker
export { runTrainingInWorker } from './lib/worker/run-training-in-worker.js';
export type { RunTrainingInWorkerOptions } from './lib/worker/run-training-in-worker.js';

// Ports (consumer-owned)
export type {
  ArtifactWriter,
  BestModelInfo,
  ModelArtifactData,
  ModelCreateContext,
  ModelProvider,
  NamedWeightLike,
  RankingLossFn,
  RankingScores,
  RunStartInfo,
  RunStatus,
  RunTracker,
  TrainableModel,
  TrainableTextModel,
  TrainableVectorModel,
} from './lib/ports/ports.js';

// Errors
export {
  FINE_TUNING_ERROR_CODES,
  FineTuningAllTrialsFailedError,
  FineTuningCancelledError,
  FineTuningEncoderFailedError,
  FineTuningInvalidDataError,
  FineTuningInvalidOptionError,
  FineTuningInvalidPlanError,
  FineTuningNonFiniteLossError,
  FineTuningRemoteError,
  FineTuningUnknownParameterGroupError,
  FineTuningWorkerFailedError,
} from './errors.js';
export type { FailedTrialSummary, FineTuningErrorCode } from './errors.js';
