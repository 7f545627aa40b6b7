import { clickstreamStoreContract } from '../testing.js';
import { createMemoryClickstreamStore } from './memory-store.js';

clickstreamStoreContract('memory', async () => ({ store: createMemoryClickstreamStore(), cleanup: async () => undefined }));
