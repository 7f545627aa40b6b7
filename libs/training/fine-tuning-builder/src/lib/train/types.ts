import type { SerializedError } from '@embedding-studio/errors';
import type { HyperParams, MetricMode, TrainingPlan } from '../plan/training-plan.js';
import type { ModelArtifactData, RunStatus } from '../ports/ports.js';

/** Where a trial's parameters came from: the plan itself (no search), `initialParams`, or the sampler. */
export type TrialOrigin = 'plan' | 'initial' | 'random' | 'tpe';

/** One evaluation on the test split. */
export interface EvaluationRecord {
  /** 0-based epoch during which it ran (the baseline has epoch 0, step 0). */
  readonly epoch: number;
  /** Optimizer steps done before it. */
  readonly step: number;
  readonly metrics: Readonly<Record<string, number>>;
}

/** The outcome of one training run (one set of hyperparameters). */
export interface TrialResult {
  /** 0-based position in the search. */
  readonly trial: number;
  /** sha256 of the canonical JSON of `params`. */
  readonly name: string;
  readonly origin: TrialOrigin;
  readonly params: HyperParams;
  readonly status: RunStatus;
  /** The trial's best main-metric value (`null` when failed or never evaluated). */
  readonly bestMetric: number | null;
  /** Epoch and step of the checkpoint that produced `bestMetric`. */
  readonly bestEpoch: number | null;
  readonly bestStep: number | null;
  /** Early stopping ended the run before the last epoch. */
  readonly stoppedEarly: boolean;
  readonly epochsCompleted: number;
  readonly steps: number;
  readonly evaluations: readonly EvaluationRecord[];
  readonly durationMs: number;
  /** Why the trial failed (status `failed`). */
  readonly error?: SerializedError;
}

/** What `runTraining` returns. */
export interface TrainingResult {
  /** The trial whose best checkpoint won. */
  readonly bestTrial: number;
  readonly bestParams: HyperParams;
  readonly bestMetric: { readonly name: string; readonly mode: MetricMode; readonly value: number };
  /** The winning weights (the best checkpoint, not the last epoch) as artifact data. */
  readonly bestModel: ModelArtifactData;
  /** What `ArtifactWriter.writeBestModel` returned (absent without a writer). */
  readonly bestModelRef?: unknown;
  /** Every trial, in order, failed ones included. */
  readonly runs: readonly TrialResult[];
  /** The plan the search started from. */
  readonly plan: TrainingPlan;
}

export type TrainingPhase = 'preparing' | 'training' | 'evaluating' | 'saving' | 'finished';

/** Coarse progress for UIs and job heartbeats (throttled). */
export interface TrainingProgress {
  readonly phase: TrainingPhase;
  /** 1-based trial number and the planned number of trials. */
  readonly trial: number;
  readonly trials: number;
  /** 1-based epoch (0 before training) and the planned epochs of this trial. */
  readonly epoch: number;
  readonly epochs: number;
  /** Optimizer steps done in this trial, and the planned total. */
  readonly step: number;
  readonly totalSteps: number;
  /** Best main-metric value over all trials so far. */
  readonly bestMetric: number | null;
}

export interface StepInfo {
  readonly trial: number;
  /** 0-based epoch. */
  readonly epoch: number;
  /** Steps done in this trial, this one included (1-based). */
  readonly step: number;
  readonly loss: number;
  readonly learningRate: number;
}

export interface EvaluationInfo extends EvaluationRecord {
  readonly trial: number;
  /** The main metric improved on this trial's best: these weights are the new checkpoint. */
  readonly improved: boolean;
  readonly bestMetric: number | null;
}

export interface EpochEndInfo {
  readonly trial: number;
  /** 0-based epoch that just ended. */
  readonly epoch: number;
  readonly step: number;
  /** Mean training loss over the epoch. */
  readonly trainLoss: number;
  /** Learning rate of the epoch's last step. */
  readonly learningRate: number;
  /** Metrics of the latest evaluation (with `train_loss` of the epoch). */
  readonly metrics: Readonly<Record<string, number>>;
  readonly bestMetric: number | null;
}

/** Hooks called during training, in the spirit of tfjs `CustomCallback`. Returned promises are awaited. */
export interface TrainingCallbacks {
  onStep?: (info: StepInfo) => unknown;
  onEvaluation?: (info: EvaluationInfo) => unknown;
  onEpochEnd?: (info: EpochEndInfo) => unknown;
  onTrialEnd?: (result: TrialResult) => unknown;
}

/** A trial's artifact (best checkpoint), kept by the search only if it is the best so far. */
export interface TrialOutcome {
  readonly result: TrialResult;
  readonly artifact: ModelArtifactData | null;
}
