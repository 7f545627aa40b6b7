// Runs the real apps as child processes (the way `nx serve` does) against the services in
// MONGO_URL / S3_ENDPOINT, each test file on its own database and bucket.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface AppProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves when a line matching `pattern` was printed. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: the fine-tuning e2e tests need FerretDB/MongoDB and MinIO/S3. Run them through \`npm run test:all\`, or \`npm run services:up\` then \`eval "$(bash tools/services/services.sh env)"\`.`);
  }
  return value;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function startProcess(name: string, entry: string, env: Record<string, string>): AppProcess {
  // Node itself runs the app (tsx as a loader, not as a wrapper process), so signals sent to
  // `child` reach the app: a SIGKILL really kills the worker.
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.base.json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onData = (chunk: Buffer): void => {
    out += chunk.toString();
    for (const w of [...waiters]) {
      if (w.pattern.test(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return {
    name,
    child,
    output: () => out,
    exited,
    waitFor(pattern, timeoutMs = 90_000) {
      if (pattern.test(out)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no line matching ${pattern} within ${timeoutMs} ms. Output:\n${out.slice(-4000)}`)), timeoutMs);
        waiters.push({
          pattern,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        void exited.then((code) => reject(new Error(`${name} exited (${code}) before printing ${pattern}. Output:\n${out.slice(-4000)}`)));
      });
    },
  };
}

export interface Stack {
  readonly apiUrl: string;
  readonly env: Record<string, string>;
  readonly api: AppProcess;
  startWorker(name: string, extraEnv?: Record<string, string>): Promise<AppProcess>;
  /** Stops every process still running. */
  stop(): Promise<void>;
  /** Output of every process (for failure messages). */
  logs(): string;
}

/** The api's bootstrap admin key in these tests; {@link call} sends it. */
export const E2E_ADMIN_KEY = `e2e-admin-${randomUUID()}`;
export const AUTHORIZATION = { authorization: `Bearer ${E2E_ADMIN_KEY}` };

/** Starts the api on a fresh database and bucket; workers are started by the test. */
export async function startStack(name: string, extraEnv: Record<string, string> = {}): Promise<Stack> {
  const suffix = randomUUID().slice(0, 8);
  const port = await freePort();
  const env: Record<string, string> = {
    MONGO_URL: requireEnv('MONGO_URL'),
    MONGO_DB_NAME: `e2e_${name}_${suffix}`,
    ARTIFACTS_BACKEND: 's3',
    S3_ENDPOINT: requireEnv('S3_ENDPOINT'),
    S3_BUCKET: `e2e-${name}-${suffix}`.toLowerCase(),
    API_PORT: String(port),
    API_HOST: '127.0.0.1',
    QUEUE_POLL_MS: '250',
    WORKER_SWEEP_EVERY: '2 seconds',
    WORKER_RETRY_BASE_MS: '500',
    LOG_LEVEL: 'info',
    ES_BOOTSTRAP_ADMIN_KEY: E2E_ADMIN_KEY,
    ...extraEnv,
  };
  const processes: AppProcess[] = [];
  const api = startProcess('api', 'apps/api/src/main.ts', env);
  processes.push(api);
  await api.waitFor(/"listening"|listening/);
  return {
    apiUrl: `http://127.0.0.1:${port}/api/v1`,
    env,
    api,
    async startWorker(workerName, workerEnv = {}) {
      const worker = startProcess(workerName, 'apps/worker/src/main.ts', { ...env, ...workerEnv });
      processes.push(worker);
      await worker.waitFor(/worker ready/);
      return worker;
    },
    async stop() {
      for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
      await Promise.race([Promise.all(processes.map((p) => p.exited)), new Promise((r) => setTimeout(r, 20_000))]);
      for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    },
    logs: () => processes.map((p) => `--- ${p.name} ---\n${p.output().slice(-3000)}`).join('\n'),
  };
}

/** JSON over fetch, failing with the body on an unexpected status. */
export async function call<T = unknown>(method: string, url: string, body?: unknown, expected = 200): Promise<T> {
  const res = await fetch(url, { method, headers: body === undefined ? AUTHORIZATION : { ...AUTHORIZATION, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${method} ${url} → ${res.status} (expected ${expected}): ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 500): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
