import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { ConfigError, envKeys, loadConfig } from '@embedding-studio/config';
import { WorkerEnv } from './worker-env.js';

describe('WorkerEnv', () => {
  it('has working defaults', () => {
    const env = loadConfig(WorkerEnv, {});
    expect(env).toMatchObject({ WORKER_CONCURRENCY: 1, WORKER_LEASE_MS: 60_000, ES_PLUGINS_PATH: 'plugins', ARTIFACTS_BACKEND: 'fs', MONGO_DB_NAME: 'embedding_studio' });
  });

  it('names every bad variable at once', () => {
    let caught: unknown;
    try {
      loadConfig(WorkerEnv, { WORKER_LEASE_MS: '5', WORKER_SWEEP_EVERY: 'often', ARTIFACTS_BACKEND: 'ftp', TFJS_BACKEND: 'gpu', MONGO_URL: 'http://x' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as Error).message;
    for (const key of ['WORKER_LEASE_MS', 'WORKER_SWEEP_EVERY', 'ARTIFACTS_BACKEND', 'TFJS_BACKEND', 'MONGO_URL']) expect(message).toContain(key);
  });

  it('documents every variable in .env.example', () => {
    const example = readFileSync(new URL('../../../../.env.example', import.meta.url), 'utf8');
    const missing = envKeys(WorkerEnv).filter((key) => !example.includes(`${key}=`));
    expect(missing).toEqual([]);
  });
});
