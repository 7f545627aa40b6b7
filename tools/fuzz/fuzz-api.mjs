#!/usr/bin/env node
// Fuzzes the API from its own OpenAPI document with schemathesis (installed by
// install-schemathesis.sh into .cache/). Starts the API on the services in MONGO_URL / S3_ENDPOINT
// (a fresh database and bucket) with a bootstrap admin key, runs every operation, and exits
// non-zero on any 5xx or any answer the document does not allow.
//   node tools/fuzz/fuzz-api.mjs [--examples 25] [--seed 1] [--min-requests 1000]
// Prints `fuzz: <n> requests, <f> failures` last.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({ options: { examples: { type: 'string', default: '25' }, seed: { type: 'string', default: '1' }, 'min-requests': { type: 'string', default: '1000' } } });
for (const name of ['MONGO_URL', 'S3_ENDPOINT']) {
  if (!process.env[name]) {
    console.error(`${name} is not set: run through \`npm run test:all\`, or \`npm run services:up\` then \`eval "$(bash tools/services/services.sh env)"\`.`);
    process.exit(2);
  }
}

const st = execFileSync('bash', [`${ROOT}tools/fuzz/install-schemathesis.sh`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const suffix = randomUUID().slice(0, 8);
const key = randomBytes(32).toString('base64url');
const api = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
  cwd: ROOT,
  env: {
    ...process.env,
    TSX_TSCONFIG_PATH: 'tsconfig.base.json',
    API_PORT: String(port),
    API_HOST: '127.0.0.1',
    MONGO_DB_NAME: `fuzz_${suffix}`,
    ARTIFACTS_BACKEND: 's3',
    S3_BUCKET: `fuzz-${suffix}`,
    ES_BOOTSTRAP_ADMIN_KEY: key,
    API_RATE_LIMIT_ADDRESS_PER_SEC: '0',
    API_RATE_LIMIT_KEY_PER_SEC: '0',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let apiOut = '';
api.stdout.on('data', (c) => (apiOut += c));
api.stderr.on('data', (c) => (apiOut += c));
const stop = () => api.exitCode === null && api.kill('SIGTERM');
process.on('exit', stop);

const base = `http://127.0.0.1:${port}/api/v1`;
for (let i = 0; ; i++) {
  if (api.exitCode !== null) throw new Error(`the API exited (${api.exitCode}):\n${apiOut.slice(-4000)}`);
  if (i > 600) throw new Error(`the API did not answer within 120 s:\n${apiOut.slice(-4000)}`);
  const ok = await fetch(`${base}/ping`).then((r) => r.ok, () => false);
  if (ok) break;
  await new Promise((r) => setTimeout(r, 200));
}

const args = [
  'run', `${base}/openapi.json`,
  '--header', `Authorization: Bearer ${key}`,
  '--checks', 'all',
  // Business rules reject some schema-valid requests (an unknown method name, a timestamp outside the
  // window, a configured size limit) with documented 4xx answers; every other check gates.
  '--exclude-checks', 'positive_data_acceptance',
  '--max-examples', values.examples,
  '--seed', values.seed,
  '--generation-database', 'none',
  // One worker: Hypothesis' lambda descriptions are not thread-safe (a rare internal error with more).
  '--workers', '1',
  '--request-timeout', '20',
  '--no-color',
];
// Its replay files go to .cache/.schemathesis (ignored).
const run = spawn(st, args, { cwd: `${ROOT}.cache`, stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
run.stdout.on('data', (c) => {
  out += c;
  process.stdout.write(c);
});
const code = await new Promise((resolve) => run.on('exit', (c) => resolve(c ?? 1)));
stop();
const generated = Number(/(\d+) generated/.exec(out)?.[1] ?? 0);
const failures = code === 0 ? 0 : Number(/(\d+) failed/.exec(out)?.[1] ?? 1);
const server5xx = (apiOut.match(/"request failed"/g) ?? []).length;
console.log(`fuzz: ${generated} requests, ${failures} failures, ${server5xx} 5xx logged by the API`);
if (code !== 0 || generated < Number(values['min-requests']) || server5xx > 0) {
  if (server5xx > 0) console.error(apiOut.split('\n').filter((l) => l.includes('request failed')).slice(0, 5).join('\n'));
  process.exit(1);
}
