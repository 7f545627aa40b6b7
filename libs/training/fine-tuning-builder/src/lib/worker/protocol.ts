// Messages between `runTrainingInWorker` (parent) and the training worker thread.
import type { SerializedError } from '@embedding-studio/errors';
import type { TrainingData } from '../data/training-data.js';
import type { TrainingPlan } from '../plan/training-plan.js';
import type { ModelArtifactData } from '../ports/ports.js';
import type { TrainingProgress, TrainingResult } from '../train/types.js';

export type CallbackName = 'onStep' | 'onEvaluation' | 'onEpochEnd' | 'onTrialEnd';
export const CALLBACK_NAMES: readonly CallbackName[] = ['onStep', 'onEvaluation', 'onEpochEnd', 'onTrialEnd'];
export type TrackerMethod = 'startRun' | 'logMetric' | 'finishRun';

/** `workerData` of the training worker. */
export interface WorkerInput {
  readonly plan: TrainingPlan;
  readonly data: TrainingData;
  readonly initialModel: ModelArtifactData | null;
  /** tfjs backend to initialise (`undefined`: the fastest available). */
  readonly backend: string | null;
  readonly tracker: boolean;
  readonly callbacks: readonly CallbackName[];
  readonly progress: boolean;
  readonly yieldEveryMs: number | null;
  readonly progressEveryMs: number | null;
}

export type WorkerToParent =
  | { readonly type: 'ready'; readonly backend: string }
  | { readonly type: 'progress'; readonly progress: TrainingProgress }
  | { readonly type: 'callback'; readonly name: CallbackName; readonly info: unknown }
  | { readonly type: 'tracker'; readonly id: number; readonly method: TrackerMethod; readonly args: readonly unknown[] }
  | { readonly type: 'result'; readonly result: TrainingResult }
  | { readonly type: 'error'; readonly error: SerializedError };

export type ParentToWorker =
  | { readonly type: 'cancel'; readonly reason: string }
  | { readonly type: 'tracker-reply'; readonly id: number; readonly ok: true }
  | { readonly type: 'tracker-reply'; readonly id: number; readonly ok: false; readonly error: SerializedError };
