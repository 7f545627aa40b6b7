// Entry `@embedding-studio/learning-loop/stack`: starts the product from a checkout, as child
// processes, and stops it again: the embedded services (tools/services/services.sh, unless
// MONGO_URL / S3_ENDPOINT point at running ones), the API and the worker (their real entry
// points, as `nx serve` runs them). For local drivers of the loop (the demo, the benchmark's
// --via-api); a deployment starts the apps its own way.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { GateVerdict } from './lib/loop.js';

export interface AppProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** The last 64 KiB the process printed. */
  tail(): string;
  /** Every output line that matched `StackOptions.keepLines` so far. */
  kept(): readonly string[];
  /** Resolves when the output matches `pattern`; rejects when the process exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  readonly exited: Promise<number | string>;
}

export interface Stack {
  readonly apiUrl: string;
  /** The environment the API and the worker run with (services' settings included). */
  readonly env: Readonly<Record<string, string>>;
  readonly api: AppProcess;
  readonly worker: AppProcess;
  /**
   * Stops the API and the worker (SIGTERM, then SIGKILL after 20 s), runs `between` (e.g. drop
   * the run's database), then stops the services this stack started.
   */
  stop(between?: () => Promise<void>): Promise<void>;
}

export interface StackOptions {
  readonly root: string;
  /** Folder of the processes' logs. */
  readonly logDir: string;
  /** Environment of the API and the worker on top of the services' settings. */
  readonly env: Record<string, string>;
  readonly log: (line: string) => void;
  /** Output lines to keep whole, however much the processes print (e.g. the API's auto-deploy verdicts). */
  readonly keepLines?: RegExp;
}

/** Where local loop runs keep their data, under `<root>/.data/demo` (ignored by git). */
export interface LocalLoopPaths {
  readonly dataRoot: string;
  /** The import root: corpus files written for the import route. */
  readonly importRoot: string;
  /** Parent of the vector folders of runs that reuse the imported collection (one per database). */
  readonly sharedVectorDir: string;
  /** Prefix of the databases of local runs. */
  readonly sharedDb: string;
  /** Folder of one run's logs (and, for a fresh run, its vector folder). */
  runDir(runId: string): string;
}

export function localLoopPaths(root: string): LocalLoopPaths {
  const dataRoot = join(root, '.data', 'demo');
  return {
    dataRoot,
    importRoot: join(dataRoot, 'imports'),
    sharedVectorDir: join(dataRoot, 'vector-index'),
    sharedDb: 'embedding_studio_demo',
    runDir: (runId) => join(dataRoot, 'runs', runId),
  };
}

/** Settings of the API and the worker for a local loop run (both processes get the same). */
export interface LoopProductSettings {
  readonly dbName: string;
  readonly vectorDir: string;
  /** Folder the import route may read. */
  readonly importRoot: string;
  /** Bootstrap admin key (never stored). */
  readonly adminKey: string;
  /** Item fields the default method joins into an item's text (the collection's fields_to_embed). */
  readonly textFields: readonly string[];
}

/** The environment of the API and the worker for a local loop run: embedded LanceDB, fast polling, automatic deploys every second. */
export function loopProductEnv(settings: LoopProductSettings): Record<string, string> {
  return {
    MONGO_DB_NAME: settings.dbName,
    S3_BUCKET: 'embedding-studio-demo',
    VECTOR_ENGINE: 'lancedb',
    VECTOR_DATA_DIR: settings.vectorDir,
    IMPORT_ROOT: settings.importRoot,
    ES_BOOTSTRAP_ADMIN_KEY: settings.adminKey,
    ES_DEFAULT_METHOD_TEXT_FIELDS: settings.textFields.join(','),
    SEARCH_AUTO_DEPLOY_EVERY_MS: '1000',
    SEARCH_PROFILE_CACHE_MS: '200',
    QUEUE_POLL_MS: '250',
    LOG_LEVEL: 'info',
  };
}

/** The API's auto-deploy verdict on a task, from its log lines (`{"msg":"auto-deploy","task_id",…,"outcome","gate"}`). */
export function gateVerdictFromLog(lines: readonly string[], taskId: string): GateVerdict | undefined {
  for (const line of lines) {
    let entry: { task_id?: string; outcome?: string; gate?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if (entry.task_id !== taskId) continue;
    if (entry.outcome === 'deployed') return { passed: true, gate: entry.gate ?? null };
    if (entry.outcome === 'gate-failed') return { passed: false, gate: entry.gate ?? null };
  }
  return undefined;
}

/** Lines of the API log that carry auto-deploy verdicts (pass as `keepLines`). */
export const AUTO_DEPLOY_LINES = /"msg":"auto-deploy"/;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

function startApp(name: string, entry: string, options: StackOptions, env: Record<string, string>): AppProcess {
  // Node runs the app with tsx as a loader (not a wrapper process), so our signals reach the app itself.
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: options.root,
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.base.json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const file = createWriteStream(join(options.logDir, `${name}.log`), { flags: 'a' });
  let tail = '';
  let partial = '';
  const kept: string[] = [];
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    file.write(chunk);
    tail = (tail + chunk.toString()).slice(-65_536);
    if (options.keepLines) {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (options.keepLines.test(line)) kept.push(line);
    }
    for (const w of [...waiters]) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      file.end();
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  return {
    name,
    child,
    tail: () => tail,
    kept: () => kept,
    exited,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!pattern.test(tail)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${name} did not print ${pattern} within ${timeoutMs / 1000} s; see ${join(options.logDir, `${name}.log`)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
        void exited.then((code) => {
          if (!waiters.has(check)) return;
          waiters.delete(check);
          clearTimeout(timer);
          reject(new Error(`${name} exited (${code}) while starting; its log: ${join(options.logDir, `${name}.log`)}\n${tail.slice(-3000)}`));
        });
      });
    },
  };
}

async function stopApp(app: AppProcess): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGTERM');
  const killed = await Promise.race([app.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 20_000))]);
  if (!killed) app.child.kill('SIGKILL');
}

/** The services' settings (`services.sh env`), starting them first unless MONGO_URL and S3_ENDPOINT are set. */
function services(root: string, log: (line: string) => void): { env: Record<string, string>; started: boolean } {
  const script = join(root, 'tools', 'services', 'services.sh');
  if (process.env['MONGO_URL'] && process.env['S3_ENDPOINT']) {
    log(`services: using MONGO_URL ${process.env['MONGO_URL']} and S3_ENDPOINT ${process.env['S3_ENDPOINT']}`);
    return { env: {}, started: false };
  }
  const status = execFileSync('bash', [script, 'status'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const running = /: running/.test(status);
  execFileSync('bash', [script, 'up'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  // `env` prints `export K=V` lines (with shell defaults in them): let bash evaluate them and hand the result over as JSON.
  const json = execFileSync('bash', ['-c', `eval "$(bash '${script}' env)" && node -e 'process.stdout.write(JSON.stringify(process.env))'`], { cwd: root, encoding: 'utf8' });
  const after = JSON.parse(json) as Record<string, string>;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(after)) if (process.env[k] !== v && /^(MONGO_|S3_|ARTIFACTS_|WEAVIATE_)/.test(k)) env[k] = v;
  return { env, started: !running };
}

/** Starts services, the API (waits for /health/ready) and the worker (waits for "worker ready"). */
export async function startStack(options: StackOptions): Promise<Stack> {
  mkdirSync(options.logDir, { recursive: true });
  const svc = services(options.root, options.log);
  const port = await freePort();
  const env = { ...svc.env, ...options.env, API_PORT: String(port), API_HOST: '127.0.0.1' };
  const apps: AppProcess[] = [];
  const stop = async (between?: () => Promise<void>): Promise<void> => {
    await Promise.all(apps.map(stopApp));
    await between?.();
    if (svc.started) execFileSync('bash', [join(options.root, 'tools', 'services', 'services.sh'), 'down'], { cwd: options.root, stdio: ['ignore', 'inherit', 'inherit'] });
  };
  try {
    const api = startApp('api', 'apps/api/src/main.ts', options, env);
    apps.push(api);
    const worker = startApp('worker', 'apps/worker/src/main.ts', options, env);
    apps.push(worker);
    await api.waitFor(/"listening"|listening/, 180_000);
    await worker.waitFor(/worker ready/, 180_000);
    return { apiUrl: `http://127.0.0.1:${port}/api/v1`, env: { ...process.env, ...env } as Record<string, string>, api, worker, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
