import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@embedding-studio/config';
import { FineTuningEnv } from './fine-tuning-env.js';
import type { MongoConnection } from '@embedding-studio/mongo';
import { openArtifactStore, openExperiments } from './open-platform.js';

describe('FineTuningEnv', () => {
  it('defaults to a local artifacts folder and the plugins folder', () => {
    expect(loadConfig(FineTuningEnv, {})).toMatchObject({ ARTIFACTS_BACKEND: 'fs', ARTIFACTS_DIR: '.data/artifacts', ES_PLUGINS_PATH: 'plugins', S3_BUCKET: 'embedding-studio' });
  });

  it('names every bad variable with how to fix it', () => {
    let caught: unknown;
    try {
      loadConfig(FineTuningEnv, { ARTIFACTS_BACKEND: 'gcs', S3_BUCKET: 'Bad_Bucket', S3_ENDPOINT: 'minio:9000', QUEUE_POLL_MS: '1' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as Error).message;
    expect(message).toContain('ARTIFACTS_BACKEND must be fs or s3');
    expect(message).toContain('S3_BUCKET must be a valid bucket name');
    expect(message).toContain('S3_ENDPOINT must be an http:// or https:// URL');
    expect(message).toContain('QUEUE_POLL_MS');
  });
});

describe('EXPERIMENTS_TRACKER', () => {
  it('defaults to mongo and needs MLFLOW_TRACKING_URI only for mlflow', () => {
    expect(loadConfig(FineTuningEnv, {})).toMatchObject({ EXPERIMENTS_TRACKER: 'mongo', MLFLOW_NAMESPACE: 'embedding-studio' });
    expect(() => loadConfig(FineTuningEnv, { EXPERIMENTS_TRACKER: 'mlflow' })).toThrow(/MLFLOW_TRACKING_URI must be an http:\/\/ or https:\/\/ URL/);
    expect(() => loadConfig(FineTuningEnv, { EXPERIMENTS_TRACKER: 'wandb' })).toThrow(/EXPERIMENTS_TRACKER must be mongo or mlflow/);
    expect(() => loadConfig(FineTuningEnv, { MLFLOW_NAMESPACE: 'a/b' })).toThrow(/MLFLOW_NAMESPACE must be/);
    expect(loadConfig(FineTuningEnv, { EXPERIMENTS_TRACKER: 'mlflow', MLFLOW_TRACKING_URI: 'http://127.0.0.1:5001' }).MLFLOW_TRACKING_URI).toBe('http://127.0.0.1:5001');
  });

  it('opens the MLflow store for mlflow: its calls go to MLFLOW_TRACKING_URI', async () => {
    // Port 9 (discard) has no HTTP server: the store answers MLFLOW_UNAVAILABLE, not a Mongo error.
    const dir = mkdtempSync(join(tmpdir(), 'es-artifacts-'));
    try {
      const env = loadConfig(FineTuningEnv, { EXPERIMENTS_TRACKER: 'mlflow', MLFLOW_TRACKING_URI: 'http://127.0.0.1:9', ARTIFACTS_DIR: dir });
      const { store, artifacts } = await openExperiments(env, {} as MongoConnection, openArtifactStore(env));
      await expect(store.getIteration('it-x')).rejects.toMatchObject({ code: 'MLFLOW_UNAVAILABLE' });
      // Model bytes go to the artifact store first, then to the MLflow run (unreachable here).
      await expect(artifacts.put('models/it-x/run-y/a.bin', new Uint8Array([1]), { contentType: 'application/octet-stream' })).rejects.toMatchObject({ code: 'MLFLOW_UNAVAILABLE' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('openArtifactStore', () => {
  it('stores in the configured folder with the fs backend', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'es-artifacts-'));
    try {
      const store = openArtifactStore(loadConfig(FineTuningEnv, { ARTIFACTS_DIR: dir }));
      await store.put('models/a/b.bin', new Uint8Array([1, 2, 3]));
      expect(Array.from(await store.read('models/a/b.bin'))).toEqual([1, 2, 3]);
      expect((await store.list('models/')).map((i) => i.key)).toEqual(['models/a/b.bin']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
