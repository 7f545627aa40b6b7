import { TaskInvalidTransitionError } from '../errors.js';
import type { TaskStatus } from './model.js';

/**
 * What can happen to a task:
 * - `claim`: a worker starts a pending task.
 * - `takeover`: a worker takes a processing task whose lease expired (attempt + 1).
 * - `renew`: the holding worker extends its lease, reports progress or records the batch.
 * - `complete` / `fail`: the holding worker finishes the task.
 * - `requeue`: the holding worker gives the task back after a transient failure (retried later).
 * - `cancel`: a user stops a task that has not finished.
 * - `restart`: a user runs a finished, failed or canceled task again.
 */
export type TaskAction = 'claim' | 'takeover' | 'renew' | 'complete' | 'fail' | 'requeue' | 'cancel' | 'restart';

export interface TaskTransition {
  readonly from: readonly TaskStatus[];
  readonly to: TaskStatus;
}

/** The transition table: the only legal status changes. */
export const TASK_TRANSITIONS: Readonly<Record<TaskAction, TaskTransition>> = {
  claim: { from: ['pending'], to: 'processing' },
  takeover: { from: ['processing'], to: 'processing' },
  renew: { from: ['processing'], to: 'processing' },
  complete: { from: ['processing'], to: 'done' },
  fail: { from: ['processing'], to: 'error' },
  requeue: { from: ['processing'], to: 'pending' },
  cancel: { from: ['pending', 'processing'], to: 'canceled' },
  restart: { from: ['done', 'error', 'canceled'], to: 'pending' },
};

/** True when `action` is legal for a task in `status`. */
export function canTransition(status: TaskStatus, action: TaskAction): boolean {
  return TASK_TRANSITIONS[action].from.includes(status);
}

/** Every status a task in `status` can move to (itself included where an action keeps it). */
export function nextStatuses(status: TaskStatus): TaskStatus[] {
  const out = new Set<TaskStatus>();
  for (const t of Object.values(TASK_TRANSITIONS)) if (t.from.includes(status)) out.add(t.to);
  return [...out];
}

/**
 * Returns the status `action` moves the task to, or throws {@link TaskInvalidTransitionError}
 * (409) with a message that says why and what to do instead.
 */
export function assertTransition(task: { id: string; status: TaskStatus }, action: TaskAction): TaskStatus {
  const transition = TASK_TRANSITIONS[action];
  if (transition.from.includes(task.status)) return transition.to;
  throw new TaskInvalidTransitionError(task.id, action, task.status, refusal(task.id, action, task.status));
}

function refusal(id: string, action: TaskAction, status: TaskStatus): string {
  if (action === 'cancel' && status === 'canceled') {
    return `Task ${id} is already canceled; canceling it again changes nothing. Restart it with PUT /fine-tuning/task/${id}/restart to run it again.`;
  }
  if (action === 'cancel') {
    return `Task ${id} has already finished (${status}); only pending or processing tasks can be canceled. Restart it with PUT /fine-tuning/task/${id}/restart to run it again.`;
  }
  if (action === 'restart' && status === 'processing') {
    return `Task ${id} is processing and cannot be restarted; cancel it first with PUT /fine-tuning/task/${id}/cancel, then restart it.`;
  }
  return `Cannot ${action} task ${id}: it is ${status}, and ${action} is only allowed from ${TASK_TRANSITIONS[action].from.join(' or ')}.`;
}
