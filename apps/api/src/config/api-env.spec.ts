import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envKeys, loadConfig } from '@embedding-studio/config';
import { ApiEnv } from './api-env.js';

const root = join(import.meta.dirname, '../../../..');

describe('ApiEnv', () => {
  it('every variable is documented in .env.example', () => {
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    for (const key of envKeys(ApiEnv)) expect(documented.has(key) ? key : `${key} (missing from .env.example)`).toBe(key);
  });

  it('has working defaults and rejects bad values naming them', () => {
    expect(loadConfig(ApiEnv, {}).API_PORT).toBe(5000);
    expect(() => loadConfig(ApiEnv, { API_PORT: '0', MONGO_URL: 'http://x', CLICKSTREAM_CHECK_TIMESTAMPS: 'perhaps' })).toThrow(
      /API_PORT="0": API_PORT must not be less than 1[\s\S]*CLICKSTREAM_CHECK_TIMESTAMPS="perhaps": must be true or false[\s\S]*MONGO_URL="http:\/\/x": MONGO_URL must start with mongodb:\/\//,
    );
  });
  it('requires the Weaviate connection only when VECTOR_ENGINE=weaviate', () => {
    expect(loadConfig(ApiEnv, { VECTOR_ENGINE: 'lancedb' }).WEAVIATE_URL).toBeUndefined();
    expect(() => loadConfig(ApiEnv, { VECTOR_ENGINE: 'weaviate' })).toThrow(/WEAVIATE_GRPC_PORT=\(unset\):[^\n]*must be a port number[\s\S]*WEAVIATE_URL=\(unset\): WEAVIATE_URL must look like http:\/\/host:port/);
    expect(() => loadConfig(ApiEnv, { VECTOR_ENGINE: 'qdrant' })).toThrow(/VECTOR_ENGINE must be lancedb, weaviate or memory/);
    const ok = loadConfig(ApiEnv, { VECTOR_ENGINE: 'weaviate', WEAVIATE_URL: 'http://127.0.0.1:8080', WEAVIATE_GRPC_PORT: '50051' });
    expect([ok.WEAVIATE_URL, ok.WEAVIATE_GRPC_PORT]).toEqual(['http://127.0.0.1:8080', 50051]);
  });
  it('bounds the quality fold period, naming it', () => {
    expect(loadConfig(ApiEnv, {}).METRICS_FOLD_EVERY_MS).toBe(5000);
    expect(loadConfig(ApiEnv, { METRICS_FOLD_EVERY_MS: '0' }).METRICS_FOLD_EVERY_MS).toBe(0);
    expect(() => loadConfig(ApiEnv, { METRICS_FOLD_EVERY_MS: '-1' })).toThrow(/METRICS_FOLD_EVERY_MS="-1": METRICS_FOLD_EVERY_MS must not be less than 0/);
    expect(() => loadConfig(ApiEnv, { METRICS_FOLD_EVERY_MS: '5 s' })).toThrow(/METRICS_FOLD_EVERY_MS="5 s"/);
    // An empty variable counts as unset, as everywhere: the default build folder.
    expect(loadConfig(ApiEnv, { DASHBOARD_DIR: '' }).DASHBOARD_DIR).toBe('apps/dashboard/dist');
  });
});
