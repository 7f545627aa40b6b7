// Composition of `npm run bench -- --via-api`: writes the corpus for the import route, starts the
// services, and for each run an API and a worker on a fresh database
// (@embedding-studio/learning-loop/stack), runs ./lib/via-api and writes its report.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LoadedDataset } from '@embedding-studio/click-simulation';
import { corpusFileName, createHttpLoopApi, loopCollectionName, writeCorpusJsonl } from '@embedding-studio/learning-loop';
import { AUTO_DEPLOY_LINES, gateVerdictFromLog, localLoopPaths, loopProductEnv, startStack } from '@embedding-studio/learning-loop/stack';
import type { Stack } from '@embedding-studio/learning-loop/stack';
import type { BenchArgs } from './lib/cli/args.js';
import type { QuerySets } from './lib/split/query-sets.js';
import { renderViaApi, runViaApi } from './lib/via-api/via-api.js';
import type { FreshProduct } from './lib/via-api/via-api.js';

export async function runViaApiCommand(args: BenchArgs, ds: LoadedDataset, sets: QuerySets, root: string, outDir: string, command: string, log: (line: string) => void): Promise<void> {
  const runId = `bench-${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(2).toString('hex')}`;
  const paths = localLoopPaths(root);
  const docIds = ds.corpus.map((d) => d.id);
  const corpusFile = corpusFileName(ds, docIds);
  writeCorpusJsonl(ds, docIds, join(paths.importRoot, corpusFile));
  const fields = args.itemFields;
  let stack: Stack | undefined;
  const onSignal = (): void => void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Each run on a product of its own: a fresh database (left behind: drop databases named
  // `<shared>_<run>` when done) and a vector folder removed afterwards.
  const product: FreshProduct = async (id, run) => {
    const adminKey = randomBytes(24).toString('base64url');
    const vectorDir = join(paths.runDir(runId), id, 'vector-index');
    stack = await startStack({
      root,
      logDir: join(paths.runDir(runId), id),
      log,
      keepLines: AUTO_DEPLOY_LINES,
      env: loopProductEnv({ dbName: `${paths.sharedDb}_${id.replace(/-/g, '_')}`, vectorDir, importRoot: paths.importRoot, adminKey, textFields: fields }),
    });
    const api = stack.api;
    try {
      return await run(createHttpLoopApi({ baseUrl: stack.apiUrl, key: adminKey }), (taskId) => gateVerdictFromLog(api.kept(), taskId));
    } finally {
      await stack.stop();
      stack = undefined;
      rmSync(vectorDir, { recursive: true, force: true });
    }
  };
  {
    const rows = await runViaApi(ds, sets, {
      product,
      collection: loopCollectionName(ds.name, fields),
      corpus: { jsonlPath: corpusFile, count: docIds.length, fieldsToEmbed: fields },
      settings: args.settings,
      budgets: args.budgets,
      seeds: Array.from({ length: args.seeds }, (_, i) => i + 1),
      runId,
      log,
    });
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(rows, null, 2)}\n`);
    writeFileSync(join(outDir, 'report.md'), renderViaApi(rows, { command, dataset: ds.name }));
    process.stdout.write(`${['report.json', 'report.md'].map((f) => relative(process.cwd(), join(outDir, f))).join('\n')}\n`);
  }
}
