// The error catalogue of @embedding-studio/fine-tuning-tasks. Every code is listed in README.md.
import { ConflictError, InputError, NotFoundError, UnavailableError, ValidationError, hasErrorCode, type FieldIssue } from '@embedding-studio/errors';
import type { TaskStatus } from './lib/model.js';

/** Every error code this lib throws (public contract: renaming one is a breaking change). */
export const FINE_TUNING_TASKS_ERROR_CODES = [
  'FINE_TUNING_TASKS_VALIDATION',
  'FINE_TUNING_TASKS_NOT_FOUND',
  'FINE_TUNING_TASKS_UNKNOWN_METHOD',
  'FINE_TUNING_TASKS_INVALID_TRANSITION',
  'FINE_TUNING_TASKS_LEASE_LOST',
  'FINE_TUNING_TASKS_CONTENTION',
  'FINE_TUNING_TASKS_DUPLICATE_ID',
] as const;

export type FineTuningTasksErrorCode = (typeof FINE_TUNING_TASKS_ERROR_CODES)[number];

/** A request body, query or worker report failed validation; `issues` names every bad field. */
export class TaskValidationError extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super('FINE_TUNING_TASKS_VALIDATION', issues);
  }
}

/** No task has this id (a malformed id is reported the same way). */
export class TaskNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('FINE_TUNING_TASKS_NOT_FOUND', `Task with ID \`${id}\` not found; list tasks with GET /fine-tuning/task to find its id.`, {
      details: { id },
    });
  }
}

/** `fine_tuning_method` names no loaded method. */
export class TaskUnknownMethodError extends InputError {
  constructor(method: string, known: readonly string[]) {
    super(
      'FINE_TUNING_TASKS_UNKNOWN_METHOD',
      known.length === 0
        ? `fine_tuning_method ${JSON.stringify(method)} is unknown: no fine-tuning methods are loaded; configure at least one method on the server.`
        : `fine_tuning_method ${JSON.stringify(method)} is unknown; use one of the loaded methods: ${known.map((k) => JSON.stringify(k)).join(', ')}.`,
      { details: { field: 'fine_tuning_method', value: method, known: [...known] } },
    );
  }
}

/** The requested change is not allowed from the task's current status. */
export class TaskInvalidTransitionError extends ConflictError {
  constructor(id: string, action: string, status: TaskStatus, message: string) {
    super('FINE_TUNING_TASKS_INVALID_TRANSITION', message, { details: { id, action, status } });
  }
}

/**
 * A worker acted on a task it no longer holds: the task was canceled, finished, or taken over by
 * another worker after the lease expired. The worker must stop working on the task.
 */
export class TaskLeaseLostError extends ConflictError {
  constructor(id: string, owner: string, status: TaskStatus, holder: string | null) {
    super(
      'FINE_TUNING_TASKS_LEASE_LOST',
      status === 'canceled'
        ? `Task ${id} was canceled; worker ${JSON.stringify(owner)} must stop working on it.`
        : status === 'processing'
          ? `Task ${id} is now held by worker ${JSON.stringify(holder)}, not ${JSON.stringify(owner)} (its lease expired and was taken over); stop working on it and renew leases more often than leaseMs.`
          : `Task ${id} is ${status} and no longer held by worker ${JSON.stringify(owner)}; stop working on it.`,
      { details: { id, owner, status, holder } },
    );
  }
}

/** True for a {@link TaskLeaseLostError}, also one thrown by another copy of this package (compares the code). */
export function isTaskLeaseLostError(value: unknown): value is TaskLeaseLostError {
  return hasErrorCode(value, 'FINE_TUNING_TASKS_LEASE_LOST' satisfies FineTuningTasksErrorCode);
}

/** So many writers changed the task at once that this change could not be applied; retry it. */
export class TaskContentionError extends UnavailableError {
  constructor(id: string, tries: number) {
    super('FINE_TUNING_TASKS_CONTENTION', `Task ${id} changed ${tries} times while this change was being applied; retry the request.`, {
      details: { id, tries },
    });
  }
}

/** A store was asked to create a task whose id already exists (an id generator that repeats). */
export class TaskDuplicateIdError extends ConflictError {
  constructor(id: string) {
    super('FINE_TUNING_TASKS_DUPLICATE_ID', `A task with id ${id} already exists; the id generator must return unique ids.`, {
      details: { id },
    });
  }
}
