// `npm run demo`: composition root. Starts the services, the API and the worker as child
// processes, runs the learning loop of @embedding-studio/learning-loop through the API on a
// BEIR dataset, prints the figures, checks that the loop closed, and stops what it started.
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { CLICK_SETTINGS, loadBeirDataset } from '@embedding-studio/click-simulation';
import { isAppError } from '@embedding-studio/errors';
import { checkLoopClosed, corpusFileName, loopCollectionName, createHttpLoopApi, createProgressPrinter, planQueries, renderLoopReport, runLearningLoop, writeCorpusJsonl } from '@embedding-studio/learning-loop';
import { createApiClient } from '@embedding-studio/api-client';
import { parseDemoArgs, USAGE } from './args.js';
import type { DemoArgs } from './args.js';
import { resolveDataset } from './dataset.js';
import { AUTO_DEPLOY_LINES, gateVerdictFromLog, localLoopPaths, loopProductEnv, startStack } from '@embedding-studio/learning-loop/stack';
import type { Stack } from '@embedding-studio/learning-loop/stack';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** --quick: a subset that shows the loop in CI in under 3 minutes (titles only: a tenth of the tokens). */
const QUICK_PLAN = { maxPool: 60, maxHeldOut: 30, maxDocs: 300 };

async function run(args: DemoArgs): Promise<number> {
  const t0 = Date.now();
  const datasetDir = await resolveDataset(isAbsolute(args.dataset) ? args.dataset : resolve(ROOT, args.dataset), args.datasetUrl, log);
  const ds = loadBeirDataset(datasetDir);
  const plan = planQueries(ds, { seed: args.seed, ...(args.quick ? QUICK_PLAN : {}) });
  const fields = args.fields;
  const runId = `${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(2).toString('hex')}`;
  const paths = localLoopPaths(ROOT);
  const importRoot = paths.importRoot;
  const runDir = paths.runDir(runId);
  const corpusFile = corpusFileName(ds, plan.docIds);
  writeCorpusJsonl(ds, plan.docIds, join(importRoot, corpusFile));
  const collection = loopCollectionName(ds.name, fields, args.quick ? '_quick' : '');
  // Runs that reuse the import share a database per seed: the worker continues its iteration chain
  // (iteration k starts from the best model of k − 1), so a chain must never have clicked on
  // queries that another seed holds out.
  const dbName = args.fresh ? `${paths.sharedDb}_${runId.replace(/-/g, '_')}` : `${paths.sharedDb}_seed${args.seed}`;
  const vectorDir = args.fresh ? join(runDir, 'vector-index') : join(paths.sharedVectorDir, dbName);
  log(
    `demo ${runId}: ${ds.name}, ${plan.docIds.length} documents (${fields.join(' + ')}), ${plan.pool.length} click-pool and ${plan.heldOut.length} held-out queries` +
      `${plan.removedFromPool ? ` (${plan.removedFromPool} pool queries dropped: same text as a held-out one)` : ''}, ${args.setting}, ${args.sessions} + ${args.sessionsAfter} sessions; logs in ${runDir}`,
  );

  const adminKey = randomBytes(24).toString('base64url');
  let stack: Stack | undefined;
  let stopping: Promise<void> | undefined;
  // A fresh run leaves nothing behind: its database is dropped before the services stop, its vector folder after.
  const dropFresh = async (): Promise<void> => {
    if (!args.fresh || !stack) return;
    const client = await MongoClient.connect(stack.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017/');
    try {
      await client.db(stack.env['MONGO_DB_NAME']).dropDatabase();
    } finally {
      await client.close();
    }
  };
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await stack?.stop(() => dropFresh().catch((error: unknown) => log(`demo: could not drop the run's database: ${String(error)}`)));
      if (args.fresh) rmSync(vectorDir, { recursive: true, force: true });
    })());
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
      keepLines: AUTO_DEPLOY_LINES,
      env: loopProductEnv({
        dbName,
        vectorDir,
        importRoot,
        adminKey,
        textFields: fields,
      }),
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
      gateVerdict: (taskId) => gateVerdictFromLog(stack?.api.kept() ?? [], taskId),
      onGateRefusal: 'deploy',
      trainingPauseMs: 1000,
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
