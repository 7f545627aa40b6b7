// Public API of @embedding-studio/default-fine-tuning-method. Name every export; nothing else is importable.

// The plugin
export { DEFAULT_FINE_TUNING_METHOD_NAME, DefaultFineTuningMethod } from './lib/method/default-fine-tuning-method.js';
export type { DefaultFineTuningSetup } from './lib/method/default-fine-tuning-method.js';

// Settings
export { DEFAULT_METHOD_MODEL, DefaultMethodEnv, loadDefaultMethodSettings, resolveDefaultMethodSettings } from './lib/settings/settings.js';
export type { DefaultFineTuningMethodOptions, DefaultMethodSettings } from './lib/settings/settings.js';

// Building blocks
export { MIN_SESSIONS_WITH_CLICKS, prepareTrainingData } from './lib/data/prepare-training-data.js';
export type { DefaultMethodReport, PrepareTrainingDataOptions, PreparedTrainingData, SessionSkipReason } from './lib/data/prepare-training-data.js';
export { DEFAULT_MAX_NEGATIVES, DEFAULT_PARAMS, DEFAULT_SEARCH_SPACE, DEFAULT_TEMPERATURE, createDefaultTrainingPlan } from './lib/plan/default-plan.js';
export type { DefaultTrainingPlanOptions } from './lib/plan/default-plan.js';
export { cachedModelDir, openCachedEncoder } from './lib/encoder/cached-encoder.js';
export type { OpenCachedEncoderOptions } from './lib/encoder/cached-encoder.js';

// Errors
export {
  DEFAULT_FINE_TUNING_METHOD_ERROR_CODES,
  DefaultMethodInvalidOptionError,
  DefaultMethodModelFilesMissingError,
  DefaultMethodNotEnoughSessionsError,
  DefaultMethodSplitImpossibleError,
} from './errors.js';
export type { DefaultFineTuningMethodErrorCode, NotEnoughSessionsReason } from './errors.js';
