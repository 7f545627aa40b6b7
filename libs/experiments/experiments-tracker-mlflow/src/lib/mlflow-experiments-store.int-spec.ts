import { experimentsStoreContract } from '@embedding-studio/experiments-tracker/testing';
import { createTestMlflowStores } from '../testing.js';

experimentsStoreContract('mlflow, two instances over one namespace', () => createTestMlflowStores(), { timeoutMs: 120_000 });
