// Benchmark harness: composition root. Reads flags, loads data and the model, wires the pure
// modules of ./lib together, writes the reports. See docs/benchmarks/README.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAppError } from '@embedding-studio/errors';
import { BenchInvalidArgumentError, BenchSplitMismatchError } from './errors.js';
import { parseArgs, USAGE } from './lib/cli/args.js';
import type { BenchArgs } from './lib/cli/args.js';
import { documentText, queriesWithRelevant, sharedRelevantQueries } from '@embedding-studio/click-simulation';
import type { Qrels } from '@embedding-studio/click-simulation';
import type { BeirDocument } from '@embedding-studio/click-simulation';
import { loadBeirDataset, loadQrelsFile, loadQueriesFile } from './lib/dataset/load.js';
import { findRepoRoot, resolveFromRoot } from './lib/dataset/paths.js';
import { embedWithCache } from './lib/embeddings/embed.js';
import { createPluginLearner, SMOKE_METHOD } from './lib/learners/plugin-learner.js';
import { loadTf } from './lib/learners/tf-backend.js';
import { generalisationLines } from './lib/report/generalisation.js';
import type { ReportRow } from './lib/report/rows.js';
import { groupDeltaLines } from './lib/report/shared.js';
import { writeReports } from './lib/report/write.js';
import { DEFAULT_MODEL_NAME, openBaseModel } from './lib/run/base-model.js';
import { runBenchmark } from './lib/run/bench-runner.js';
import { runSmoke } from './lib/run/run-smoke.js';
import { checkRows } from './lib/smoke/sanity.js';
import { carveDocDisjoint, DOC_DISJOINT_FRACTION, DOC_DISJOINT_SEED } from './lib/split/doc-disjoint.js';
import { carveHeldOut, HELD_OUT_SEED, qrelsTsv } from './lib/split/held-out.js';
import type { HeldOutCarve } from './lib/split/held-out.js';
import { NEAR_DUPLICATE_JACCARD, poolOverlap } from './lib/split/overlap.js';
import type { PoolOverlap } from './lib/split/overlap.js';
import { buildQuerySets } from './lib/split/query-sets.js';
import { makeQuerySplit, toSplitFile, validateSplitFile } from './lib/split/query-split.js';
import type { QuerySplit, QuerySplitFile } from './lib/split/query-split.js';
import { runViaApiCommand } from './via-api.js';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
}

function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w./,=:-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

async function run(args: BenchArgs, argv: readonly string[]): Promise<void> {
  const root = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
  const home = homedir();
  const at = (p: string): string => resolveFromRoot(p, root, home);
  const command = `npm run bench -- ${shellQuote(argv)}`.trim();

  if (args.smoke) {
    const outDir = at(args.out ?? join('bench-out', `smoke-${stamp()}`));
    const { backend } = await loadTf(args.backend);
    const learner = createPluginLearner({ method: SMOKE_METHOD, params: args.params });
    const t0 = Date.now();
    const { rows, files } = await runSmoke({ outDir, learner, backend, log });
    log(`smoke: ${rows.length} rows, sanity checks passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    process.stdout.write(`${files.map((f) => relative(process.cwd(), f)).join('\n')}\n`);
    return;
  }

  const ds = loadBeirDataset(at(args.dataset));
  const judged = queriesWithRelevant(ds.qrels);
  const splitPath = at(args.split ?? join('apps', 'bench', 'splits', `${ds.name}.json`));
  if (args.writeSplit) {
    const file = toSplitFile(ds.name, makeQuerySplit(judged));
    mkdirSync(dirname(splitPath), { recursive: true });
    writeFileSync(splitPath, JSON.stringify(file, null, 2) + '\n');
    log(`wrote ${relative(root, splitPath)}: ${file.click_pool.length} click-pool and ${file.dev.length} dev queries (seed ${file.seed})`);
    return;
  }
  let split;
  if (!args.clickQrels) {
    if (!existsSync(splitPath)) {
      throw new BenchSplitMismatchError(`No split file at ${splitPath}. Generate it once with --write-split and commit it.`);
    }
    split = validateSplitFile(JSON.parse(readFileSync(splitPath, 'utf8')) as QuerySplitFile, judged);
  }
  if (args.writeHeldOut || args.writeDocDisjoint) {
    if (!split) throw new BenchInvalidArgumentError('--write-held-out and --write-doc-disjoint carve from the committed split; do not combine them with --click-qrels.');
    const dir = at((args.writeHeldOut ?? args.writeDocDisjoint) as string);
    const carve = args.writeHeldOut ? carveHeldOut(split) : pinnedDocDisjoint(at(join('apps', 'bench', 'splits', `${ds.name}-doc-disjoint.json`)), ds.name, split, ds.qrels);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'heldout-qrels.tsv'), qrelsTsv(ds.qrels, carve.heldOut));
    writeFileSync(join(dir, 'click-qrels.tsv'), qrelsTsv(ds.qrels, carve.rest));
    const rel = (p: string): string => relative(root, join(dir, p));
    log(
      `wrote ${rel('heldout-qrels.tsv')} (${carve.heldOut.length} held-out queries from the click pool, seed ${args.writeHeldOut ? HELD_OUT_SEED : DOC_DISJOINT_SEED}) and ${rel('click-qrels.tsv')} (${carve.rest.length} queries); run:\n` +
        `  npm run bench -- --eval-qrels ${rel('heldout-qrels.tsv')} --click-qrels ${rel('click-qrels.tsv')} --setting S1 --budget 5000 --seeds 10`,
    );
    return;
  }
  const evalQueries = args.evalQueries ? loadQueriesFile(at(args.evalQueries), '--eval-queries').queries : undefined;
  const evalQrels = args.evalQrels ? loadQrelsFile(at(args.evalQrels), '--eval-qrels').qrels : undefined;
  const clickQrels = args.clickQrels ? loadQrelsFile(at(args.clickQrels), '--click-qrels').qrels : undefined;
  const sets = buildQuerySets({
    datasetQueries: ds.queries,
    datasetQrels: ds.qrels,
    ...(split ? { split } : {}),
    ...(clickQrels ? { clickQrels } : {}),
    ...(evalQueries ? { evalQueries } : {}),
    ...(evalQrels ? { evalQrels } : {}),
  });
  log(
    `queries: click pool ${sets.clickPool.length}, dev ${sets.dev.length}${sets.headline === 'eval' ? `, eval ${sets.evalQueries.length}` : ''}` +
      (sets.removed.length ? `; removed ${sets.removed.length} (${sets.removed.map((r) => `${r.id}:${r.from}/${r.reason}`).join(', ')})` : ''),
  );

  if (args.viaApi) {
    await runViaApiCommand(args, ds, sets, root, at(args.out ?? join('bench-out', `${ds.name}-via-api-${stamp()}`)), command, log);
    return;
  }

  // --item-fields title: items are embedded from their titles only (as a collection with fields_to_embed ["title"]).
  const itemText = (d: BeirDocument): string => (args.itemFields.join(',') === 'title,text' ? documentText(d) : args.itemFields.map((f) => (f === 'title' ? d.title : d.text)).join(' '));
  const started = Date.now();
  const modelDir = at(args.modelDir ?? join('~', '.cache', 'embedding-studio', 'models', DEFAULT_MODEL_NAME));
  const cacheRoot = args.cache ? at(args.cacheDir ?? join('~', '.cache', 'embedding-studio', 'bench')) : undefined;
  const model = await openBaseModel(modelDir);
  let corpusS = 0;
  let queriesS = 0;
  let cached = true;
  try {
    const corpus = await embedWithCache({
      model,
      side: 'items',
      ids: ds.corpus.map((d) => d.id),
      texts: ds.corpus.map(itemText),
      ...(cacheRoot ? { cacheRoot } : {}),
      corpusSha: ds.corpusSha,
      name: args.itemFields.join(',') === 'title,text' ? 'corpus' : `corpus-${args.itemFields.join('-')}`,
      batchSize: 256,
      progress: process.stderr,
    });
    const allQueries = new Map<string, string>();
    for (const q of [...sets.clickPool, ...sets.dev, ...sets.evalQueries]) allQueries.set(q.id, q.text);
    const qIds = [...allQueries.keys()].sort();
    const queries = await embedWithCache({
      model,
      side: 'queries',
      ids: qIds,
      texts: qIds.map((id) => allQueries.get(id) as string),
      ...(cacheRoot ? { cacheRoot } : {}),
      corpusSha: ds.corpusSha,
      name: 'queries',
      batchSize: 256,
      progress: process.stderr,
    });
    corpusS = corpus.seconds;
    queriesS = queries.seconds;
    cached = corpus.cached && queries.cached;
    log(`embeddings: corpus ${corpusS.toFixed(1)} s${corpus.cached ? ' (cache)' : ''}, queries ${queriesS.toFixed(1)} s${queries.cached ? ' (cache)' : ''}`);

    const { backend } = await loadTf(args.backend);
    const learner = createPluginLearner({ params: args.params });
    log(`learner: ${learner.id} (tfjs ${backend})`);
    const seeds = Array.from({ length: args.seeds }, (_, i) => i + 1);
    const rows = await runBenchmark(
      {
        dataset: ds.name,
        headlineSplit: sets.headline,
        settings: args.settings,
        budgets: args.budgets,
        systems: args.systems,
        seeds,
        evaluateSeen: args.seen,
      },
      {
        corpus: corpus.table,
        documents: new Map(ds.corpus.map((d) => [d.id, itemText(d)])),
        queries: queries.table,
        clickPool: sets.clickPool,
        dev: sets.dev,
        evalQueries: sets.evalQueries,
        qrels: sets.qrels,
        evalQrels: sets.evalQrels,
        modelSha: model.version,
        corpusSha: ds.corpusSha,
      },
      { learner, backend, log },
    );
    checkRows(rows, {
      systems: args.systems,
      rowCount: args.systems.length * args.settings.length * args.budgets.length * seeds.length * (args.seen ? 2 : 1),
    });
    const outDir = at(args.out ?? join('bench-out', `${ds.name}-${stamp()}`));
    const notes = [
      'Sessions are logged from the deployed base system: every session shows the top-10 of B0.',
      'P, C-rand and O are trained by the default fine-tuning method as it ships: its data path, its plan and its own epoch rule (no judgment picks an epoch); the benchmark sets only the seed. Dev tunes only C-pop\'s weight.',
      'C-rand: the same sessions with each session\'s clicks moved to as many random shown results.',
      'O: the same method trained on sessions built from the click pool\'s judgments (positives) and shown non-relevant results (negatives).',
      ...sharedNotes(sets, rows),
      ...(sets.removed.length
        ? [`Removed from click pool/dev because an evaluation or dev query has the same id or text: ${sets.removed.map((r) => `${r.id} (${r.from}, ${r.reason})`).join(', ')}.`]
        : []),
    ];
    const { files } = writeReports(outDir, rows, {
      title: `Click-learning benchmark: ${ds.name}`,
      command,
      dataset: ds.name,
      modelId: model.id,
      modelSha: model.version,
      corpusSha: ds.corpusSha,
      seeds,
      learner: learner.id,
      backend,
      headlineSplit: sets.headline,
      queryCounts: {
        'click pool': sets.clickPool.length,
        dev: sets.dev.length,
        ...(sets.headline === 'eval' ? { eval: sets.evalQueries.length } : {}),
      },
      embedding: { corpusS, queriesS, cached },
      totalS: (Date.now() - started) / 1000,
      notes,
      generalisation: generalisationLines(rows, sets),
    });
    process.stdout.write(`${files.map((f) => relative(process.cwd(), f)).join('\n')}\n`);
  } finally {
    await model.dispose();
  }
}

/**
 * Report notes: how many headline queries share a relevant doc with the click pool or are near
 * copies of a click-pool text, and each system's gain on those groups and on the rest.
 */
function sharedNotes(sets: ReturnType<typeof buildQuerySets>, rows: readonly ReportRow[]): string[] {
  const eval_ = sets.headline === 'eval';
  const qrels = eval_ ? sets.evalQrels : sets.qrels;
  const judged = new Set(queriesWithRelevant(qrels));
  const headline = (eval_ ? sets.evalQueries : sets.dev).filter((q) => judged.has(q.id));
  const ids = headline.map((q) => q.id);
  const shared = sharedRelevantQueries(ids, qrels, sets.clickPool.map((q) => q.id), sets.qrels);
  const overlap = poolOverlap(headline, qrels, sets.clickPool, sets.qrels);
  const count = (g: PoolOverlap): number => [...overlap.values()].filter((v) => v === g).length;
  return [
    `${shared.length} of ${ids.length} ${sets.headline} queries have a relevant doc that is also relevant to a click-pool query: ` +
      'learning which docs are relevant at all transfers to them (C-pop measures that part; see the never-clicked line under each table). ' +
      `By overlap: ${count('near-duplicate')} are near copies of a click-pool text (word Jaccard ≥ ${NEAR_DUPLICATE_JACCARD}: the same claim negated or reworded), ` +
      `${count('shared-doc')} more share a relevant doc, ${count('none')} share neither.`,
    ...groupDeltaLines(rows, sets.headline, overlap, ['near-duplicate', 'shared-doc', 'none']),
  ];
}

/**
 * The doc-disjoint held-out carve, pinned: written to `file` the first time (commit it), and
 * afterwards recomputed and checked against it, so the set never drifts silently.
 */
function pinnedDocDisjoint(file: string, dataset: string, split: QuerySplit, qrels: Qrels): HeldOutCarve {
  const carve = carveDocDisjoint(split, qrels);
  const pinned = { dataset, seed: DOC_DISJOINT_SEED, fraction: DOC_DISJOINT_FRACTION, held_out: carve.heldOut };
  if (!existsSync(file)) {
    writeFileSync(file, JSON.stringify(pinned, null, 2) + '\n');
    log(`wrote ${file}: commit it`);
    return carve;
  }
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { held_out?: unknown };
  if (JSON.stringify(stored.held_out) !== JSON.stringify(carve.heldOut)) {
    throw new BenchSplitMismatchError(`${file} does not match the doc-disjoint carve of this dataset and split; restore the committed file or the dataset.`, {
      details: { file, pinned: Array.isArray(stored.held_out) ? stored.held_out.length : null, carved: carve.heldOut.length },
    });
  }
  return carve;
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    await run(args, argv);
    return 0;
  } catch (err) {
    if (isAppError(err)) {
      log(`error ${err.code}: ${err.message}`);
      return 1;
    }
    log(`unexpected error: ${(err as Error).stack ?? String(err)}`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
