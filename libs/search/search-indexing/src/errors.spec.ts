import { readFileSync } from 'node:fs';
import { isAppError } from '@embedding-studio/errors';
import {
  IndexingContentionError,
  IndexingDuplicateIdError,
  IndexingJobNotFoundError,
  IndexingLeaseLostError,
  IndexingSourceEmptyError,
  IndexingSourceReadError,
  IndexingSourceRefusedError,
  IndexingValidationError,
  IndexingReindexRefusedError,
  IndexingGateFailedError,
  IndexingLiveChangedError,
  SEARCH_INDEXING_ERROR_CODES,
} from './errors.js';

const samples = [
  new IndexingValidationError([{ field: 'source', message: 'is required' }]),
  new IndexingSourceRefusedError('source.jsonl_path', 'is outside the import root'),
  new IndexingSourceEmptyError('source.s3_prefix', 's3://b/p'),
  new IndexingJobNotFoundError('j1'),
  new IndexingLeaseLostError('j1', 'w1', 'w2', 'running'),
  new IndexingContentionError('j1', 64),
  new IndexingDuplicateIdError('j1'),
  new IndexingSourceReadError('a.jsonl', new Error('reset')),
  new IndexingReindexRefusedError('encoder', 'already serves docs'),
  new IndexingGateFailedError('docs', ['recall'], {}),
  new IndexingLiveChangedError('docs', 'docs_v1', 'docs_v3'),
];

describe('error catalogue', () => {
  it('has one class per listed code, each an AppError with its category', () => {
    expect(samples.map((e) => [e.code, e.category])).toEqual([
      ['SEARCH_INDEXING_VALIDATION', 'validation'],
      ['SEARCH_INDEXING_SOURCE_REFUSED', 'input'],
      ['SEARCH_INDEXING_SOURCE_EMPTY', 'input'],
      ['SEARCH_INDEXING_JOB_NOT_FOUND', 'not-found'],
      ['SEARCH_INDEXING_LEASE_LOST', 'conflict'],
      ['SEARCH_INDEXING_CONTENTION', 'unavailable'],
      ['SEARCH_INDEXING_DUPLICATE_ID', 'conflict'],
      ['SEARCH_INDEXING_SOURCE_READ_FAILED', 'unavailable'],
      ['SEARCH_INDEXING_REINDEX_REFUSED', 'input'],
      ['SEARCH_INDEXING_GATE_FAILED', 'conflict'],
      ['SEARCH_INDEXING_LIVE_CHANGED', 'conflict'],
    ]);
    expect(samples.map((e) => e.code)).toEqual([...SEARCH_INDEXING_ERROR_CODES]);
    for (const e of samples) expect(isAppError(e)).toBe(true);
  });

  it('every code is documented in the README errors table, and nothing else is', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| `(SEARCH_INDEXING_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...SEARCH_INDEXING_ERROR_CODES].sort());
  });
});
