import type { Agenda } from 'agenda';
import { createTestClock } from '@embedding-studio/primitives/testing';
import { FINE_TUNING_JOBS, createAgendaTaskScheduler } from './fine-tuning-jobs.js';

describe('createAgendaTaskScheduler', () => {
  const calls: unknown[][] = [];
  const agenda = {
    now: async (...args: unknown[]) => void calls.push(['now', ...args]),
    schedule: async (...args: unknown[]) => void calls.push(['schedule', ...args]),
  } as unknown as Agenda;

  beforeEach(() => calls.splice(0));

  it('runs now without a delay, and at now + delay with one', async () => {
    const scheduler = createAgendaTaskScheduler(agenda, createTestClock(1_000_000));
    await scheduler.schedule('t1');
    await scheduler.schedule('t2', { delayMs: 0 });
    await scheduler.schedule('t3', { delayMs: 1500 });
    expect(calls).toEqual([
      ['now', FINE_TUNING_JOBS.run, { taskId: 't1' }],
      ['now', FINE_TUNING_JOBS.run, { taskId: 't2' }],
      ['schedule', new Date(1_001_500), FINE_TUNING_JOBS.run, { taskId: 't3' }],
    ]);
  });
});
