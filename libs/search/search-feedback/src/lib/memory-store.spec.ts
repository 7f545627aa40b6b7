import { feedbackStoreContract } from '../testing.js';
import { createMemoryFeedbackStore } from './memory-store.js';

feedbackStoreContract('memory', async () => ({ store: createMemoryFeedbackStore(), cleanup: async () => undefined }));
