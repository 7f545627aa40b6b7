import type { JobStore } from '../ports.js';
import { anImportJob } from './fixtures.js';

export interface JobStoreFixture {
  store: JobStore;
  /** A second instance over the same data (another process), when the adapter can make one. */
  peer?: JobStore;
  cleanup(): Promise<void>;
}

/** The behaviour every {@link JobStore} must show, concurrency included. */
export function jobStoreContract(name: string, make: () => Promise<JobStoreFixture>): void {
  describe(`JobStore contract: ${name}`, () => {
    let f: JobStoreFixture;
    beforeEach(async () => {
      f = await make();
    });
    afterEach(async () => {
      await f.cleanup();
    });

    it('stores a job as revision 1 and reads it back with its dates', async () => {
      const job = anImportJob({ id: 'a1', units: [{ key: 'x.jsonl', size: 10 }] });
      expect(await f.store.insert(job)).toEqual({ job, revision: 1 });
      expect(await f.store.get('a1')).toEqual({ job, revision: 1 });
      expect(await f.store.get('missing')).toBeNull();
    });

    it('refuses a second job with the same id', async () => {
      await f.store.insert(anImportJob({ id: 'a2' }));
      await expect(f.store.insert(anImportJob({ id: 'a2' }))).rejects.toMatchObject({ code: 'SEARCH_INDEXING_DUPLICATE_ID' });
    });

    it('commits from the newest revision only', async () => {
      const job = anImportJob({ id: 'a3' });
      await f.store.insert(job);
      const running = { ...job, status: 'running' as const, attempt: 1 };
      expect(await f.store.commit(running, 1)).toEqual({ job: running, revision: 2 });
      expect(await f.store.commit({ ...job, status: 'error' }, 1)).toBeNull();
      expect((await (f.peer ?? f.store).get('a3'))?.revision).toBe(2);
    });

    it('lets exactly one of 8 concurrent commits from one revision win', async () => {
      const job = anImportJob({ id: 'a4' });
      await f.store.insert(job);
      const stores = [f.store, f.peer ?? f.store];
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (stores[i % 2] as JobStore).commit({ ...job, attempt: i + 1 }, 1)));
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      expect((await f.store.get('a4'))?.job.attempt).toBe(winners[0]?.job.attempt);
    });

    it('lists pending and running jobs at their newest revision', async () => {
      const a = anImportJob({ id: 'b1' });
      const b = anImportJob({ id: 'b2' });
      await f.store.insert(a);
      await f.store.insert(b);
      await f.store.commit({ ...a, status: 'running' }, 1);
      await f.store.commit({ ...b, status: 'running' }, 1);
      await f.store.commit({ ...b, status: 'done' }, 2);
      const active = await (f.peer ?? f.store).listActive();
      expect(active.map((j) => [j.id, j.status])).toEqual([['b1', 'running']]);
    });
  });
}
