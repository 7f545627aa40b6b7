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
  it('requires the Weaviate connection only when VECTOR_ENGINE=weaviate', () => {
    expect(() => loadConfig(WorkerEnv, { VECTOR_ENGINE: 'lancedb' })).not.toThrow();
    expect(() => loadConfig(WorkerEnv, { VECTOR_ENGINE: 'weaviate', WEAVIATE_URL: 'localhost' })).toThrow(/WEAVIATE_GRPC_PORT[\s\S]*WEAVIATE_URL="localhost": WEAVIATE_URL must look like http:\/\/host:port/);
    expect(loadConfig(WorkerEnv, { VECTOR_ENGINE: 'weaviate', WEAVIATE_URL: 'http://127.0.0.1:8080', WEAVIATE_GRPC_PORT: '50051' }).WEAVIATE_GRPC_PORT).toBe(50051);
  });
});
