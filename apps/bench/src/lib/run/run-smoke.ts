import { existsSync } from 'node:fs';
import { BenchSanityError } from '../../errors.js';
import { embedWithCache } from '../embeddings/embed.js';
import { documentText } from '@embedding-studio/click-simulation';
import type { Learner } from '../learners/learner.js';
import type { ReportRow } from '../report/rows.js';
import { SYSTEM_IDS } from '../report/rows.js';
import { generalisationLines } from '../report/generalisation.js';
import { writeReports } from '../report/write.js';
import { checkRows } from '../smoke/sanity.js';
import { createBagOfWordsModel, syntheticDataset } from '../smoke/synthetic.js';
import { buildQuerySets } from '../split/query-sets.js';
import { makeQuerySplit } from '../split/query-split.js';
import { runBenchmark } from './bench-runner.js';

export interface SmokeOptions {
  readonly outDir: string;
  readonly learner: Learner;
  readonly backend: string;
  readonly log: (line: string) => void;
  /** @defaultValue [200, 800] */
  readonly budgets?: readonly number[];
}

/**
 * The CI smoke run: a synthetic corpus (200 docs, 50 queries with planted relevant docs), a
 * bag-of-words encoder, every system, one seed, setting S1. Writes the usual report files and
 * throws `BENCH_SANITY_FAILED` when a file is missing or a metric is not in [0, 1].
 */
export async function runSmoke(options: SmokeOptions): Promise<{ rows: ReportRow[]; files: string[] }> {
  const started = Date.now();
  const ds = syntheticDataset();
  const model = createBagOfWordsModel(64);
  const split = makeQuerySplit(ds.queries.map((q) => q.id));
  const sets = buildQuerySets({ datasetQueries: ds.queries, datasetQrels: ds.qrels, split });
  const corpus = await embedWithCache({
    model,
    side: 'items',
    ids: ds.corpus.map((d) => d.id),
    texts: ds.corpus.map(documentText),
    corpusSha: 'synthetic',
    name: 'corpus',
  });
  const queries = await embedWithCache({
    model,
    side: 'queries',
    ids: ds.queries.map((q) => q.id),
    texts: ds.queries.map((q) => q.text),
    corpusSha: 'synthetic',
    name: 'queries',
  });
  const budgets = options.budgets ?? [200, 800];
  const rows = await runBenchmark(
    { dataset: 'synthetic', headlineSplit: 'dev', settings: ['S1'], budgets, systems: SYSTEM_IDS, seeds: [1] },
    {
      corpus: corpus.table,
      documents: new Map(ds.corpus.map((d) => [d.id, documentText(d)])),
      queries: queries.table,
      clickPool: sets.clickPool,
      dev: sets.dev,
      evalQueries: [],
      qrels: sets.qrels,
      evalQrels: new Map(),
      modelSha: model.version,
      corpusSha: 'synthetic',
    },
    { learner: options.learner, backend: options.backend, log: options.log },
  );
  checkRows(rows, { systems: SYSTEM_IDS, rowCount: SYSTEM_IDS.length * budgets.length * 2 });
  const { files } = writeReports(options.outDir, rows, {
    title: 'Smoke run (synthetic corpus)',
    command: 'npm run bench -- --smoke',
    dataset: 'synthetic',
    modelId: model.id,
    modelSha: model.version,
    corpusSha: 'synthetic',
    seeds: [1],
    learner: options.learner.id,
    backend: options.backend,
    headlineSplit: 'dev',
    queryCounts: { 'click pool': sets.clickPool.length, dev: sets.dev.length },
    embedding: { corpusS: corpus.seconds, queriesS: queries.seconds, cached: false },
    totalS: (Date.now() - started) / 1000,
    notes: ['Synthetic data: numbers only show that the harness runs end to end.'],
    generalisation: generalisationLines(rows, sets),
  });
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new BenchSanityError(`Report files were not written: ${missing.join(', ')}.`);
  return { rows, files };
}
