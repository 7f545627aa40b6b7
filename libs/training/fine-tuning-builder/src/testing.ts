// Test helpers of @embedding-studio/fine-tuning-builder (builders, in-memory adapters, synthetic data).
export {
  aTrainingPlan,
  createMemoryArtifactWriter,
  createMemoryRunTracker,
  plantedPermutationData,
  readArtifactWeights,
} from './lib/testing/fixtures.js';
export type { PlantedPermutationData, PlantedPermutationOptions, TrackerCall } from './lib/testing/fixtures.js';
