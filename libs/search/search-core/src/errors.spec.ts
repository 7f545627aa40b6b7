import { readFileSync } from 'node:fs';
import {
  SEARCH_ERROR_CODES,
  SearchCollectionExistsError,
  SearchCollectionNotFoundError,
  SearchItemNotFoundError,
  SearchModelNotDeployableError,
  SearchModelNotFoundError,
  SearchPayloadTooLargeError,
  SearchProfileConflictError,
  SearchProfileNotFoundError,
  SearchSessionNotFoundError,
  SearchUnavailableError,
  SearchUnknownEncoderError,
  SearchValidationError,
} from './errors.js';

const samples = [
  new SearchValidationError([{ field: 'items[0].id', message: 'x' }]),
  new SearchCollectionNotFoundError('c'),
  new SearchCollectionExistsError('c'),
  new SearchItemNotFoundError('c', 'i'),
  new SearchSessionNotFoundError('s'),
  new SearchProfileNotFoundError('c', 3),
  new SearchProfileConflictError('c', 1, 2),
  new SearchModelNotFoundError('m'),
  new SearchModelNotDeployableError('m', 'why'),
  new SearchUnknownEncoderError('e', ['a']),
  new SearchPayloadTooLargeError('items', 1, 2),
  new SearchUnavailableError('x'),
];

describe('error catalogue', () => {
  it('has one class per listed code, each with its category', () => {
    expect(samples.map((e) => e.code)).toEqual([...SEARCH_ERROR_CODES]);
    expect(samples.map((e) => e.category)).toEqual(['validation', 'not-found', 'conflict', 'not-found', 'not-found', 'not-found', 'conflict', 'not-found', 'input', 'input', 'payload-too-large', 'unavailable']);
  });

  it('the README "Errors" table lists exactly these codes', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Errors'), readme.indexOf('\n## ', readme.indexOf('## Errors') + 1));
    expect([...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1])).toEqual([...SEARCH_ERROR_CODES]);
  });
});
