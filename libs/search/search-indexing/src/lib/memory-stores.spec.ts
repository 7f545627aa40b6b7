import { createMemoryJobStore } from './memory-stores.js';
import { jobStoreContract } from './testing/contract.js';

jobStoreContract('memory', async () => ({ store: createMemoryJobStore(), cleanup: async () => undefined }));
