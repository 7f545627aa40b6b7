import { taskStoreContract } from '../testing.js';
import { createMemoryTaskStore } from './memory-store.js';

taskStoreContract('memory', async () => ({ store: createMemoryTaskStore(), cleanup: async () => undefined }), { rounds: 20 });
