// Error catalogue of @embedding-studio/experiments-tracker. Every code is listed in the README
// "Errors" table (a test keeps them in sync).
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '@embedding-studio/errors';
import type { IterationStatus, MainMetric, ModelRecord, RunStatus } from './lib/model.js';

export const EXPERIMENTS_TRACKER_ERROR_CODES = [
  'EXPERIMENTS_TRACKER_INVALID_INPUT',
  'EXPERIMENTS_TRACKER_NOT_FOUND',
  'EXPERIMENTS_TRACKER_MODEL_DELETED',
  'EXPERIMENTS_TRACKER_NO_STARTING_MODEL',
  'EXPERIMENTS_TRACKER_ITERATION_CLOSED',
  'EXPERIMENTS_TRACKER_RUN_CLOSED',
  'EXPERIMENTS_TRACKER_CONFLICT',
] as const;

export type ExperimentsTrackerErrorCode = (typeof EXPERIMENTS_TRACKER_ERROR_CODES)[number];

/** An argument or query failed validation; `issues` names every bad field. */
export class ExperimentsTrackerInvalidInputError extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super('EXPERIMENTS_TRACKER_INVALID_INPUT', issues);
  }
}

/** The kinds of record a {@link ExperimentsTrackerNotFoundError} can be about. */
export type ExperimentsRecordKind = 'iteration' | 'run' | 'model';

const LISTING: Readonly<Record<ExperimentsRecordKind, string>> = {
  iteration: 'GET /experiments',
  run: 'GET /experiments/{iteration_id}',
  model: 'GET /models',
};

/** No iteration, run or model has this id (or the run belongs to another iteration). */
export class ExperimentsTrackerNotFoundError extends NotFoundError {
  constructor(kind: ExperimentsRecordKind, id: string, message?: string) {
    super('EXPERIMENTS_TRACKER_NOT_FOUND', message ?? `No ${kind} with id=${JSON.stringify(id)}; list the existing ones with ${LISTING[kind]}.`, {
      details: { kind, id },
    });
  }
}

/** The model exists in the registry but was superseded and its artifact removed. */
export class ExperimentsTrackerModelDeletedError extends NotFoundError {
  constructor(model: Pick<ModelRecord, 'id' | 'iteration_id' | 'deleted_at'>) {
    super(
      'EXPERIMENTS_TRACKER_MODEL_DELETED',
      `Model ${JSON.stringify(model.id)} was deleted${model.deleted_at === null ? '' : ` at ${new Date(model.deleted_at).toISOString()}`} when a better model of iteration ${JSON.stringify(model.iteration_id)} replaced it, so its artifact is gone; fetch a live one (GET /models?status=live).`,
      { details: { model_id: model.id, iteration_id: model.iteration_id, deleted_at: model.deleted_at } },
    );
  }
}

/** Training cannot start: neither an earlier iteration nor the plugin's initial model left a model. */
export class ExperimentsTrackerNoStartingModelError extends NotFoundError {
  constructor(plugin: string, iterationId: string) {
    super(
      'EXPERIMENTS_TRACKER_NO_STARTING_MODEL',
      `Iteration ${JSON.stringify(iterationId)} has no model to start from: no earlier iteration of plugin ${JSON.stringify(plugin)} saved one and its initial model is missing; call ensureInitialModel(${JSON.stringify(plugin)}, …) first.`,
      { details: { plugin, iteration_id: iterationId } },
    );
  }
}

/** A write to an iteration that is no longer active (finished or archived). */
export class ExperimentsTrackerIterationClosedError extends ConflictError {
  constructor(iterationId: string, status: IterationStatus, operation: string) {
    super(
      'EXPERIMENTS_TRACKER_ITERATION_CLOSED',
      `Cannot ${operation}: iteration ${JSON.stringify(iterationId)} is ${status}, and only an active iteration takes runs, metrics and models; start an iteration for a new batch instead.`,
      { details: { iteration_id: iterationId, status, operation } },
    );
  }
}

/** A metric logged to a run that has ended. */
export class ExperimentsTrackerRunClosedError extends ConflictError {
  constructor(runId: string, status: RunStatus) {
    super(
      'EXPERIMENTS_TRACKER_RUN_CLOSED',
      `Cannot log a metric to run ${JSON.stringify(runId)}: it is ${status}; call startRun(params) again to resume it first.`,
      { details: { run_id: runId, status } },
    );
  }
}

/** A repeated call disagrees with what is stored (e.g. another main metric for the same iteration). */
export class ExperimentsTrackerConflictError extends ConflictError {
  constructor(message: string, details: Record<string, unknown>) {
    super('EXPERIMENTS_TRACKER_CONFLICT', message, { details });
  }

  /** `startIteration` repeated for a stored iteration with a different main metric. */
  static mainMetric(iterationId: string, stored: MainMetric | null, requested: MainMetric): ExperimentsTrackerConflictError {
    return new ExperimentsTrackerConflictError(
      `mainMetric: iteration ${JSON.stringify(iterationId)} already exists with main metric ${JSON.stringify(stored)}, not ${JSON.stringify(requested)}; a retried task must pass the same main metric (best-only saving compares values of one metric).`,
      { iteration_id: iterationId, stored, requested },
    );
  }
}
