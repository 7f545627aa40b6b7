// Secondary entry of @embedding-studio/losses-metrics: ranking losses on tfjs tensors.
// Needs the optional peer dependency @tensorflow/tfjs.
export {
  cosineProbMarginRankingLoss,
  createProbMarginRankingLoss,
  probMarginRankingLoss,
} from './lib/tfjs/prob-margin-ranking-loss.js';
export type {
  PairConfidences,
  PairwiseRankingLoss,
  ProbMarginRankingLossOptions,
  ProbMarginShape,
} from './lib/tfjs/prob-margin-ranking-loss.js';
export { inBatchContrastiveLoss } from './lib/tfjs/contrastive-loss.js';
export type { InBatchContrastiveLossOptions } from './lib/tfjs/contrastive-loss.js';
export type { Vector } from './lib/tfjs/tensor-input.js';
// Re-exported so click-weighted training needs one import.
export { DEFAULT_MAX_IPS_WEIGHT, S1_EXAMINATION, ipsWeight } from './lib/ips/ips-weight.js';
export type { IpsWeightOptions } from './lib/ips/ips-weight.js';
