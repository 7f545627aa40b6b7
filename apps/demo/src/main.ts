// `npm run demo`: composition root. Starts the services, the API and the worker as child
// processes, runs the learning loop of @embedding-studio/learning-loop through the API on a
// BEIR dataset, prints the figures, checks that the loop closed, and stops what it started.
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLICK_SETTINGS, loadBeirDataset } from '@embedding-studio/click-simulation';
import { isAppError } from '@embedding-studio/errors';
import type { GateVerdict } from '@embedding-studio/learning-loop';
import { checkLoopClosed, createHttpLoopApi, createProgressPrinter, planQueries, renderLoopReport, runLearningLoop, writeCorpusJsonl } from '@embedding-studio/learning-loop';
import { createApiClient } from '@embedding-studio/api-client';
import { parseDemoArgs, USAGE } from './args.js';
import type { DemoArgs } from './args.js';
import { resolveDataset } from './dataset.js';
import { startStack } from './stack.js';
import type { Stack } from './stack.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** --quick: a subset that shows the loop in CI in under 3 minutes (titles only: a tenth of the tokens). */
const QUICK_PLAN = { maxPool: 60, maxHeldOut: 30, maxDocs: 300 };

async function run(args: DemoArgs): Promise<number> {
  const t0 = Date.now();
  const datasetDir = await resolveDataset(isAbsolute(args.dataset) ? args.dataset : resolve(ROOT, args.dataset), args.datasetUrl, log);
  const ds = loadBeirDataset(datasetDir);
  const plan = planQueries(ds, { seed: args.seed, ...(args.quick ? QUICK_PLAN : {}) });
  const fields = args.quick ? ['title'] : ['title', 'text'];
  const runId = `${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(2).toString('hex')}`;
  const dataRoot = join(ROOT, '.data', 'demo');
  const importRoot = join(dataRoot, 'imports');
  const runDir = join(dataRoot, 'runs', runId);
  const corpusFile = `${ds.name}-${ds.corpusSha.slice(0, 12)}-${plan.docIds.length}.jsonl`;
  writeCorpusJsonl(ds, plan.docIds, join(importRoot, corpusFile));
  const collection = `${ds.name.replace(/[^a-zA-Z0-9_]/g, '_')}${args.quick ? '_quick' : ''}`;
  const vectorDir = args.fresh ? join(runDir, 'vector-index') : join(dataRoot, 'vector-index');
  log(
    `demo ${runId}: ${ds.name}, ${plan.docIds.length} documents (${fields.join(' + ')}), ${plan.pool.length} click-pool and ${plan.heldOut.length} held-out queries` +
      `${plan.removedFromPool ? ` (${plan.removedFromPool} pool queries dropped: same text as a held-out one)` : ''}, ${args.setting}, ${args.sessions} + ${args.sessionsAfter} sessions; logs in ${runDir}`,
  );

  const adminKey = randomBytes(24).toString('base64url');
  let stack: Stack | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= (stack?.stop() ?? Promise.resolve()).then(() => (args.fresh ? rmSync(vectorDir, { recursive: true, force: true }) : undefined)));
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`demo: ${signal}, stopping the API, the worker and the services`);
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    stack = await startStack({
      root: ROOT,
      logDir: runDir,
      log,
      keepLines: /"msg":"auto-deploy"/,
      env: {
        MONGO_DB_NAME: args.fresh ? `embedding_studio_demo_${runId.replace(/-/g, '_')}` : 'embedding_studio_demo',
        S3_BUCKET: 'embedding-studio-demo',
        VECTOR_ENGINE: 'lancedb',
        VECTOR_DATA_DIR: vectorDir,
        IMPORT_ROOT: importRoot,
        ES_BOOTSTRAP_ADMIN_KEY: adminKey,
        ES_DEFAULT_METHOD_TEXT_FIELDS: fields.join(','),
        SEARCH_AUTO_DEPLOY_EVERY_MS: '1000',
        SEARCH_PROFILE_CACHE_MS: '200',
        QUEUE_POLL_MS: '250',
        LOG_LEVEL: 'info',
      },
    });
    log(`demo: API on ${stack.apiUrl}, worker ready (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    const report = await runLearningLoop({
      api: createHttpLoopApi({ baseUrl: stack.apiUrl, key: adminKey }),
      collection,
      corpus: { jsonlPath: corpusFile, count: plan.docIds.length, fieldsToEmbed: fields },
      pool: plan.pool,
      heldOut: plan.heldOut,
      clickModel: CLICK_SETTINGS[args.setting],
      seed: args.seed,
      sessions: args.sessions,
      sessionsAfter: args.sessionsAfter,
      runId,
      onEvent: createProgressPrinter(process.stderr),
      gateVerdict: (taskId) => gateVerdict(stack?.api.kept() ?? [], taskId),
      onGateRefusal: 'deploy',
    });
    const checks = checkLoopClosed(report, args.fresh ? { expectedVersion: 2 } : {});
    process.stdout.write(`\n${renderLoopReport(report, checks)}`);
    const readKey = (await createApiClient({ baseUrl: stack.apiUrl, key: adminKey }).createKey({ body: { scope: 'read', name: `demo-${runId}` } })) as { key?: string };
    const base = stack.apiUrl.replace(/\/api\/v1$/, '');
    process.stdout.write(
      `\nDashboard: ${base}/dashboard (read key: ${readKey.key ?? 'see POST /keys'}); API docs: ${stack.apiUrl}/docs\n` +
        `wall time: ${((Date.now() - t0) / 1000).toFixed(0)} s${args.keep ? '; the API and the worker keep running: Ctrl-C stops them' : ''}\n`,
    );
    const failed = checks.filter((c) => !c.passed);
    if (args.keep) await new Promise<never>(() => undefined);
    return failed.length === 0 ? 0 : 1;
  } catch (error) {
    if (stack) log(`--- api (last lines) ---\n${stack.api.tail().slice(-2000)}\n--- worker (last lines) ---\n${stack.worker.tail().slice(-2000)}`);
    throw error;
  } finally {
    await stop();
  }
}

/** The API's auto-deploy verdict on a task, from its log lines (`{"msg":"auto-deploy","task_id",…,"outcome","gate"}`). */
function gateVerdict(lines: readonly string[], taskId: string): GateVerdict | undefined {
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

async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseDemoArgs(argv);
    if (args.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (!existsSync(join(ROOT, 'nx.json'))) throw new Error(`The demo must run from a checkout (no nx.json at ${ROOT}).`);
    return await run(args);
  } catch (error) {
    if (isAppError(error)) log(`error ${error.code}: ${error.message}`);
    else log(`demo failed: ${(error as Error).stack ?? String(error)}`);
    return isAppError(error) && error.category === 'input' ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
