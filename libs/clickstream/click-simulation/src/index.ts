// Public API of @embedding-studio/click-simulation. Name every export; nothing else is importable.

// Click models of the benchmark protocol (PBM, DCM) and their settings S1–S3
export {
  CLICK_SETTINGS,
  PBM_EXAMINATION,
  SETTING_IDS,
  clickProbabilities,
  inversePropensityWeight,
  pbmExamination,
  simulateClicks,
} from './lib/click-models.js';
export type { ClickModelParams, DcmParams, PbmParams, SettingId, UniformSource } from './lib/click-models.js';

// BEIR test collections
export {
  documentText,
  parseCorpus,
  parseQrels,
  parseQueries,
  queriesWithRelevant,
  relevantDocs,
  restrictQrels,
  sharedRelevantCount,
  sharedRelevantQueries,
} from './lib/beir.js';
export type { BeirDocument, BeirQuery, Qrels } from './lib/beir.js';
export { loadBeirDataset, loadQrelsFile, loadQueriesFile, sha256 } from './lib/load-beir.js';
export type { LoadedDataset } from './lib/load-beir.js';

// Errors
export { ClickSimulationDatasetInvalidError, ClickSimulationDatasetNotFoundError, ClickSimulationInvalidArgumentError } from './errors.js';
