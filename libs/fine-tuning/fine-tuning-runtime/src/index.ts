// Public API of @embedding-studio/fine-tuning-runtime. Name every export; nothing else is importable.
export { FineTuningEnv } from './lib/fine-tuning-env.js';
export { readEnvironment } from './lib/environment.js';
export { openArtifactStore, openFineTuningPlatform } from './lib/open-platform.js';
export type { FineTuningPlatform, OpenFineTuningPlatformOptions } from './lib/open-platform.js';
export { clickstreamBatches, startFineTuningWorker } from './lib/worker.js';
export type { FineTuningWorker, StartFineTuningWorkerOptions, WorkerSettings } from './lib/worker.js';
