import { experimentsStoreContract } from '../testing.js';
import { createMemoryExperimentsStore } from './memory-store.js';

experimentsStoreContract('memory', async () => ({ store: createMemoryExperimentsStore(), cleanup: async () => undefined }));

describe('memory store', () => {
  it('hands out copies: changing a returned record changes nothing stored', async () => {
    const store = createMemoryExperimentsStore();
    await store.createRun({
      id: 'r',
      iteration_id: 'i',
      name: 'n',
      params: { list: [1] },
      status: 'running',
      best_metric: null,
      started_at: 1,
      finished_at: null,
    });
    const read = await store.getRun('r');
    (read?.params['list'] as number[]).push(2);
    expect((await store.getRun('r'))?.params).toEqual({ list: [1] });
  });
});
