import type { Agenda } from 'agenda';
import { INDEXING_QUEUE_JOBS, createAgendaIndexingScheduler } from './indexing-agenda.js';

describe('createAgendaIndexingScheduler', () => {
  it('queues a run now, or at now + delay', async () => {
    const calls: unknown[][] = [];
    const agenda = {
      now: async (...args: unknown[]) => void calls.push(['now', ...args]),
      schedule: async (...args: unknown[]) => void calls.push(['schedule', ...args]),
    } as unknown as Agenda;
    const scheduler = createAgendaIndexingScheduler(agenda, () => 1_000);
    await scheduler.schedule('j1');
    await scheduler.schedule('j2', { delayMs: 500 });
    expect(calls).toEqual([
      ['now', INDEXING_QUEUE_JOBS.run, { jobId: 'j1' }],
      ['schedule', new Date(1_500), INDEXING_QUEUE_JOBS.run, { jobId: 'j2' }],
    ]);
  });
});
