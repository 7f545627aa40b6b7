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
});
