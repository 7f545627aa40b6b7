import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ClickSimulationDatasetNotFoundError } from '../errors.js';
import { parseCorpus, parseQrels, parseQueries } from './beir.js';
import type { BeirDocument, BeirQuery, Qrels } from './beir.js';

/** A BEIR dataset folder, read into memory. */
export interface LoadedDataset {
  /** Folder name, e.g. `scifact`. */
  readonly name: string;
  readonly dir: string;
  readonly corpus: readonly BeirDocument[];
  readonly queries: readonly BeirQuery[];
  readonly qrels: Qrels;
  /** sha256 of `corpus.jsonl` bytes (hex). */
  readonly corpusSha: string;
  /** sha256 of `queries.jsonl` bytes (hex). */
  readonly queriesSha: string;
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function readRequired(file: string, hint: string): Buffer {
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new ClickSimulationDatasetNotFoundError(`${file} does not exist. ${hint}`, { details: { file } });
  }
  return readFileSync(file);
}

/**
 * Reads `corpus.jsonl`, `queries.jsonl` and `qrels/<split>.tsv` from a BEIR folder.
 * Throws `BENCH_DATASET_NOT_FOUND` naming the missing path and the flag to fix.
 */
export function loadBeirDataset(dir: string, qrelsSplit = 'train'): LoadedDataset {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ClickSimulationDatasetNotFoundError(
      `Dataset folder ${dir} does not exist. Pass --dataset DIR (a BEIR folder with corpus.jsonl, queries.jsonl, qrels/${qrelsSplit}.tsv); relative paths are resolved from the repository root.`,
      { details: { dir } },
    );
  }
  const hint = `Pass --dataset DIR pointing at a BEIR folder (corpus.jsonl, queries.jsonl, qrels/${qrelsSplit}.tsv).`;
  const corpusBytes = readRequired(join(dir, 'corpus.jsonl'), hint);
  const queriesBytes = readRequired(join(dir, 'queries.jsonl'), hint);
  const qrelsPath = join(dir, 'qrels', `${qrelsSplit}.tsv`);
  const qrelsBytes = readRequired(qrelsPath, hint);
  return {
    name: basename(dir),
    dir,
    corpus: parseCorpus(corpusBytes.toString('utf8'), join(dir, 'corpus.jsonl')),
    queries: parseQueries(queriesBytes.toString('utf8'), join(dir, 'queries.jsonl')),
    qrels: parseQrels(qrelsBytes.toString('utf8'), qrelsPath),
    corpusSha: sha256(corpusBytes),
    queriesSha: sha256(queriesBytes),
  };
}

/** Reads a standalone BEIR queries file (for `--eval-queries`). */
export function loadQueriesFile(file: string, flag: string): { queries: BeirQuery[]; sha: string } {
  const bytes = readRequired(file, `Check the path given to ${flag} (relative paths are resolved from the repository root).`);
  return { queries: parseQueries(bytes.toString('utf8'), file), sha: sha256(bytes) };
}

/** Reads a standalone BEIR qrels file (for `--eval-qrels`, `--click-qrels`). */
export function loadQrelsFile(file: string, flag: string): { qrels: Qrels; sha: string } {
  const bytes = readRequired(file, `Check the path given to ${flag} (relative paths are resolved from the repository root).`);
  return { qrels: parseQrels(bytes.toString('utf8'), file), sha: sha256(bytes) };
}
