import { createRng, shuffle } from '@embedding-studio/random';
import { BenchInvalidArgumentError, BenchSplitMismatchError } from '../../errors.js';

/** The fixed seed of every committed split (and of dev sets carved from `--click-qrels`). */
export const SPLIT_SEED = 20240611;
/** Share of queries that go to dev. */
export const DEV_FRACTION = 0.2;

/** A query split: ids only, both lists sorted. */
export interface QuerySplit {
  readonly clickPool: readonly string[];
  readonly dev: readonly string[];
}

/** The committed JSON file (`apps/bench/splits/<dataset>.json`). */
export interface QuerySplitFile {
  dataset: string;
  seed: number;
  dev_fraction: number;
  query_count: number;
  click_pool: string[];
  dev: string[];
}

/**
 * Splits query ids into a click pool and a dev set. Deterministic in (set of ids, seed):
 * ids are de-duplicated and sorted before a seeded Fisher–Yates shuffle, so the order of the
 * input file does not matter. Dev gets `round(n · devFraction)` ids.
 */
export function makeQuerySplit(queryIds: readonly string[], seed = SPLIT_SEED, devFraction = DEV_FRACTION): QuerySplit {
  if (!(devFraction > 0 && devFraction < 1)) {
    throw new BenchInvalidArgumentError(`devFraction must be in (0, 1), got ${devFraction}.`);
  }
  const ids = [...new Set(queryIds)].sort();
  const shuffled = shuffle(ids, createRng(seed));
  const devCount = Math.round(ids.length * devFraction);
  return {
    dev: shuffled.slice(0, devCount).sort(),
    clickPool: shuffled.slice(devCount).sort(),
  };
}

export function toSplitFile(dataset: string, split: QuerySplit, seed = SPLIT_SEED, devFraction = DEV_FRACTION): QuerySplitFile {
  return {
    dataset,
    seed,
    dev_fraction: devFraction,
    query_count: split.clickPool.length + split.dev.length,
    click_pool: [...split.clickPool],
    dev: [...split.dev],
  };
}

/**
 * Checks a committed split against the dataset: the two lists are disjoint and together are
 * exactly the dataset's judged queries. Throws `BENCH_SPLIT_MISMATCH` otherwise.
 */
export function validateSplitFile(file: QuerySplitFile, datasetQueryIds: readonly string[]): QuerySplit {
  if (!Array.isArray(file.click_pool) || !Array.isArray(file.dev)) {
    throw new BenchSplitMismatchError('The split file must have "click_pool" and "dev" arrays of query ids.');
  }
  const pool = new Set(file.click_pool);
  const overlap = file.dev.filter((id) => pool.has(id));
  if (overlap.length > 0) {
    throw new BenchSplitMismatchError(`The split file lists ${overlap.length} queries in both click_pool and dev (e.g. "${overlap[0]}").`, {
      details: { overlap: overlap.slice(0, 10) },
    });
  }
  const expected = new Set(datasetQueryIds);
  const listed = new Set([...file.click_pool, ...file.dev]);
  const unknown = [...listed].filter((id) => !expected.has(id));
  const missing = [...expected].filter((id) => !listed.has(id));
  if (unknown.length > 0 || missing.length > 0) {
    throw new BenchSplitMismatchError(
      `The split file does not match the dataset (${unknown.length} unknown ids, ${missing.length} judged queries missing). ` +
        'If the dataset changed on purpose, regenerate the split with --write-split and commit it; otherwise pass the right --dataset.',
      { details: { unknown: unknown.slice(0, 10), missing: missing.slice(0, 10) } },
    );
  }
  return { clickPool: [...file.click_pool].sort(), dev: [...file.dev].sort() };
}
