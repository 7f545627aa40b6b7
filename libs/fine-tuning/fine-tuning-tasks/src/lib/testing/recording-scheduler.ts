import type { MethodCatalog, TaskScheduler } from '../ports.js';

export interface ScheduledRun {
  taskId: string;
  delayMs: number | undefined;
}

export interface RecordingScheduler extends TaskScheduler {
  /** Every successful `schedule` call, in order. */
  readonly calls: ScheduledRun[];
  /** Makes the next `schedule` calls reject with `error` (until called with undefined). */
  failWith(error: unknown): void;
}

/** A {@link TaskScheduler} that records what it was asked to schedule. */
export function createRecordingScheduler(): RecordingScheduler {
  const calls: ScheduledRun[] = [];
  let failure: { error: unknown } | undefined;
  return {
    calls,
    failWith(error) {
      failure = error === undefined ? undefined : { error };
    },
    async schedule(taskId, options) {
      if (failure) throw failure.error;
      calls.push({ taskId, delayMs: options?.delayMs });
    },
  };
}

/** A {@link MethodCatalog} with fixed names. */
export function createStaticMethodCatalog(names: readonly string[]): MethodCatalog {
  const list = Object.freeze([...names]);
  return { names: () => list };
}
