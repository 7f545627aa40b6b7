// Composition of `npm run bench -- --via-api`: writes the corpus for the import route, starts the
// services, the API and the worker (@embedding-studio/learning-loop/stack, on the same database
// and collection as `npm run demo`, so the corpus is imported once), runs ./lib/via-api and
// writes its report.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LoadedDataset } from '@embedding-studio/click-simulation';
import { corpusFileName, createHttpLoopApi, loopCollectionName, writeCorpusJsonl } from '@embedding-studio/learning-loop';
import { AUTO_DEPLOY_LINES, gateVerdictFromLog, localLoopPaths, loopProductEnv, startStack } from '@embedding-studio/learning-loop/stack';
import type { Stack } from '@embedding-studio/learning-loop/stack';
import type { BenchArgs } from './lib/cli/args.js';
import type { QuerySets } from './lib/split/query-sets.js';
import { renderViaApi, runViaApi } from './lib/via-api/via-api.js';

export async function runViaApiCommand(args: BenchArgs, ds: LoadedDataset, sets: QuerySets, root: string, outDir: string, command: string, log: (line: string) => void): Promise<void> {
  const runId = `bench-${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(2).toString('hex')}`;
  const paths = localLoopPaths(root);
  const docIds = ds.corpus.map((d) => d.id);
  const corpusFile = corpusFileName(ds, docIds);
  writeCorpusJsonl(ds, docIds, join(paths.importRoot, corpusFile));
  const adminKey = randomBytes(24).toString('base64url');
  const fields = args.itemFields;
  let stack: Stack | undefined;
  const stop = async (): Promise<void> => {
    await stack?.stop();
    stack = undefined;
  };
  const onSignal = (): void => void stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    stack = await startStack({
      root,
      logDir: paths.runDir(runId),
      log,
      keepLines: AUTO_DEPLOY_LINES,
      env: loopProductEnv({ dbName: paths.sharedDb, vectorDir: paths.sharedVectorDir, importRoot: paths.importRoot, adminKey, textFields: fields }),
    });
    const api = stack.api;
    const rows = await runViaApi(ds, sets, {
      api: createHttpLoopApi({ baseUrl: stack.apiUrl, key: adminKey }),
      collection: loopCollectionName(ds.name, fields),
      corpus: { jsonlPath: corpusFile, count: docIds.length, fieldsToEmbed: fields },
      settings: args.settings,
      budgets: args.budgets,
      seeds: Array.from({ length: args.seeds }, (_, i) => i + 1),
      gateVerdict: (taskId) => gateVerdictFromLog(api.kept(), taskId),
      runId,
      log,
    });
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(rows, null, 2)}\n`);
    writeFileSync(join(outDir, 'report.md'), renderViaApi(rows, { command, dataset: ds.name }));
    process.stdout.write(`${['report.json', 'report.md'].map((f) => relative(process.cwd(), join(outDir, f))).join('\n')}\n`);
  } finally {
    await stop();
  }
}
