import { hasErrorCode } from '@embedding-studio/errors';
import { TASK_STATUSES, type TaskStatus } from './model.js';
import { TASK_TRANSITIONS, assertTransition, canTransition, nextStatuses, type TaskAction } from './state-machine.js';

const id = '65a1b2c3d4e5f60718293a4b';

function thrown(status: TaskStatus, action: TaskAction): unknown {
  try {
    assertTransition({ id, status }, action);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('task state machine', () => {
  it('allows exactly the edges of the life cycle', () => {
    const edges = TASK_STATUSES.flatMap((from) => nextStatuses(from).map((to) => `${from}->${to}`)).sort();
    expect(edges).toEqual(
      [
        'pending->processing',
        'pending->canceled',
        'processing->processing',
        'processing->done',
        'processing->error',
        'processing->pending',
        'processing->canceled',
        'done->pending',
        'error->pending',
        'canceled->pending',
      ].sort(),
    );
  });

  it('returns the target status of a legal action', () => {
    expect(assertTransition({ id, status: 'pending' }, 'claim')).toBe('processing');
    expect(assertTransition({ id, status: 'processing' }, 'takeover')).toBe('processing');
    expect(assertTransition({ id, status: 'processing' }, 'requeue')).toBe('pending');
    expect(assertTransition({ id, status: 'processing' }, 'cancel')).toBe('canceled');
    expect(assertTransition({ id, status: 'error' }, 'restart')).toBe('pending');
    expect(canTransition('done', 'claim')).toBe(false);
    expect(canTransition('canceled', 'restart')).toBe(true);
  });

  it('refuses every other action with a 409 naming the task, the action and the status', () => {
    let refusals = 0;
    for (const status of TASK_STATUSES) {
      for (const action of Object.keys(TASK_TRANSITIONS) as TaskAction[]) {
        if (canTransition(status, action)) continue;
        const error = thrown(status, action);
        expect(hasErrorCode(error, 'FINE_TUNING_TASKS_INVALID_TRANSITION')).toBe(true);
        expect((error as { category: string }).category).toBe('conflict');
        expect((error as { details: unknown }).details).toEqual({ id, action, status });
        expect((error as Error).message).toContain(id);
        refusals += 1;
      }
    }
    // 5 statuses x 8 actions = 40 pairs, 11 of them legal.
    expect(refusals).toBe(29);
  });

  it('explains the refusals users meet: restart while processing, cancel of a finished or canceled task', () => {
    expect((thrown('processing', 'restart') as Error).message).toMatch(/is processing and cannot be restarted; cancel it first/);
    expect((thrown('done', 'cancel') as Error).message).toMatch(/already finished \(done\); only pending or processing tasks can be canceled/);
    expect((thrown('error', 'cancel') as Error).message).toMatch(/already finished \(error\)/);
    expect((thrown('canceled', 'cancel') as Error).message).toMatch(/is already canceled; canceling it again changes nothing/);
    expect((thrown('pending', 'restart') as Error).message).toBe(
      `Cannot restart task ${id}: it is pending, and restart is only allowed from done or error or canceled.`,
    );
  });
});
