import { jest } from '@jest/globals';
import type { Agenda } from 'agenda';
import type { Db } from 'mongodb';
import { createTestDatabase, type TestDatabase } from '@embedding-studio/mongo/testing';
import { noopLogger } from '@embedding-studio/observability';
import { createAgendaTaskScheduler, createFineTuningAgenda, registerFineTuningJobs } from './fine-tuning-jobs.js';

jest.setTimeout(60_000);

let db: TestDatabase;
const agendas: Agenda[] = [];

beforeAll(async () => {
  db = await createTestDatabase('fine_tuning_agenda');
});
afterEach(async () => {
  await Promise.all(agendas.splice(0).map((a) => a.stop()));
});
afterAll(async () => {
  await db.drop();
});

async function worker(name: string, runs: string[], recoverable: () => Promise<readonly string[]> = async () => []) {
  const agenda = createFineTuningAgenda({ db: db.connection.db as unknown as Db, name, processEveryMs: 200, collection: `jobs_${name.split('-')[0]}` });
  agendas.push(agenda);
  const scheduler = createAgendaTaskScheduler(agenda);
  await registerFineTuningJobs(agenda, {
    run: async (taskId) => {
      runs.push(taskId);
      await new Promise((r) => setTimeout(r, 50));
      return { status: 'done' };
    },
    recoverable,
    scheduler,
    logger: noopLogger,
    sweepEvery: '1 second',
  });
  await agenda.start();
  return { agenda, scheduler };
}

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('fine-tuning jobs on Agenda (MongoDB protocol)', () => {
  it('runs every scheduled task across two workers; a delayed one not before its time', async () => {
    const runs: string[] = [];
    const a = await worker('a-1', runs);
    await worker('a-2', runs);
    for (const id of ['t1', 't2', 't3', 't4']) await a.scheduler.schedule(id);
    const scheduledAt = Date.now();
    await a.scheduler.schedule('late', { delayMs: 2500 });
    await until(() => ['t1', 't2', 't3', 't4'].every((id) => runs.includes(id)));
    expect(runs).not.toContain('late');
    await until(() => runs.includes('late'));
    expect(Date.now() - scheduledAt).toBeGreaterThanOrEqual(2400);
    // Some servers (FerretDB) can hand one job to both workers; the runner's claim makes that harmless.
    expect(new Set(runs)).toEqual(new Set(['t1', 't2', 't3', 't4', 'late']));
  });

  it('the recovery sweep re-schedules what the task store reports', async () => {
    const runs: string[] = [];
    let pending = ['orphan'];
    await worker('b-1', runs, async () => {
      const out = pending;
      pending = [];
      return out;
    });
    await until(() => runs.includes('orphan'));
  });
});
