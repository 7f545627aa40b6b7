// Keeps the README errors table in sync with src/errors.ts.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_FINE_TUNING_METHOD_ERROR_CODES } from './errors.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('error catalogue', () => {
  it('every error code is in the README errors table and vice versa', () => {
    const codes = [...readFileSync(join(here, 'errors.ts'), 'utf8').matchAll(/'(DEFAULT_FINE_TUNING_METHOD_[A-Z_]+)'/g)].map((m) => m[1]);
    const full = readFileSync(join(here, '..', 'README.md'), 'utf8');
    const readme = full.slice(full.indexOf('\n## Errors'), full.indexOf('\n## ', full.indexOf('\n## Errors') + 1));
    const documented = [...readme.matchAll(/^\|\s*`(DEFAULT_FINE_TUNING_METHOD_[A-Z_]+)`/gm)].map((m) => m[1]).sort();
    expect([...new Set(codes)].sort()).toEqual([...DEFAULT_FINE_TUNING_METHOD_ERROR_CODES].sort());
    expect(documented).toEqual([...DEFAULT_FINE_TUNING_METHOD_ERROR_CODES].sort());
  });
});
