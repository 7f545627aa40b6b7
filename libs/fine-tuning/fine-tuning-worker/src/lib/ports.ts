// Ports this package needs; owned here and kept narrow, so the task service, the clickstream
// service and the experiments tracker fit them with a few lines of glue in the app.
import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import type { HyperParams, RunStatus } from '@embedding-studio/fine-tuning-builder';

/** The task fields a run needs. */
export interface ClaimedTask {
  readonly id: string;
  readonly fine_tuning_method: string;
  readonly batch_id?: string | undefined;
  /** 1 for the first claim, +1 for each later claim (retry or takeover). */
  readonly attempt: number;
}

/** Progress shown on the task (`GET /fine-tuning/task/{id}`). */
export interface WorkerProgress {
  readonly phase: 'preparing' | 'training' | 'saving' | 'finished';
  /** 0..1 over the whole task. */
  readonly fraction: number;
  /** 1-based run (trial) number and the planned runs. */
  readonly run?: number;
  readonly runs?: number;
  readonly epoch?: number;
  readonly epochs?: number;
  readonly step?: number;
  readonly steps?: number;
  readonly best_metric?: { readonly name: string; readonly value: number } | null;
  readonly message?: string;
}

/** What a finished task records. */
export interface TaskOutcome {
  readonly best_model_url: string;
  readonly best_model_id: string;
  /** Metrics of the best evaluation of the best run. */
  readonly metrics: Readonly<Record<string, number>>;
}

/** A serialised error as stored on a failed task. */
export interface TaskFailure {
  readonly name: string;
  readonly code: string;
  readonly message: string;
}

/**
 * Task state as the worker drives it. Every call after `claim` names the owner; a call whose
 * owner lost the lease (cancel, or another worker took an expired lease over) must throw an
 * error with code `FINE_TUNING_TASKS_LEASE_LOST`.
 */
export interface TaskLeasePort {
  /** `null` when the task is not claimable (done, canceled, or held by a live lease). */
  claim(taskId: string, options: { owner: string; leaseMs: number }): Promise<ClaimedTask | null>;
  heartbeat(taskId: string, owner: string, progress: WorkerProgress | undefined, leaseMs: number): Promise<unknown>;
  setBatch(taskId: string, owner: string, batchId: string): Promise<unknown>;
  complete(taskId: string, owner: string, outcome: TaskOutcome): Promise<unknown>;
  /** `retryInMs` puts the task back to pending and re-schedules it; without it the task ends in `error`. */
  fail(taskId: string, owner: string, failure: TaskFailure, options: { retryInMs?: number }): Promise<unknown>;
}

/** The clickstream side: batch release and reading. */
export interface BatchPort {
  /** Releases the collecting batch under an idempotency key; returns its id. Throws a not-found error when there is none. */
  release(releaseId: string): Promise<string>;
  /** Every session of a released batch with its events (read in pages). */
  readSessions(batchId: string, signal: AbortSignal): Promise<SessionWithEvents[]>;
}

/** A model stored by the tracker. */
export interface StoredModel {
  readonly id: string;
  readonly bytes: Uint8Array;
}

/** One iteration (`iteration / <plugin> / <batch>`) of the experiments tracker. */
export interface IterationPort {
  readonly id: string;
  /** The iteration was finished by an earlier attempt (which died before completing the task). */
  readonly finished: boolean;
  /** The previous iteration's best model, or the plugin's initial model. */
  startingModel(): Promise<StoredModel>;
  /** The previous iteration's best parameter sets, best first (empty after the initial iteration). */
  topParams(n: number): Promise<readonly HyperParams[]>;
  /** Starts or resumes the run with these params; returns its id. */
  startRun(params: HyperParams): Promise<string>;
  logMetric(runId: string, name: string, value: number, step: number): Promise<unknown>;
  finishRun(runId: string, status: RunStatus, bestMetric: number | null): Promise<unknown>;
  /** Best-only saving; returns the model id when it became the iteration's best. */
  saveModelIfBest(runId: string, metric: number, bytes: Uint8Array, contentType: string): Promise<string | null>;
  /** The iteration's live best model id (`null` before any save). */
  bestModelId(): Promise<string | null>;
  finish(): Promise<unknown>;
  archivePrevious(): Promise<unknown>;
}

export interface TrackerPort {
  /** Stores the plugin's initial model unless it exists; `build` runs only when it does not. */
  ensureInitialModel(plugin: string, build: () => Promise<{ bytes: Uint8Array; contentType: string }>): Promise<unknown>;
  startIteration(options: { plugin: string; batchId: string; mainMetric: { name: string; mode: 'max' | 'min' } }): Promise<IterationPort>;
}
