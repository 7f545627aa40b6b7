// Keeps the README errors table in sync with src/errors.ts.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

describe('error catalogue', () => {
  it('every error code is in the README errors table and vice versa', () => {
    const codes = [...readFileSync(join(here, 'errors.ts'), 'utf8').matchAll(/'(DATA_LOADERS_[A-Z_]+)'/g)].map((m) => m[1]).sort();
    const readme = readFileSync(join(here, '..', 'README.md'), 'utf8');
    const documented = [...readme.matchAll(/^\|\s*`(DATA_LOADERS_[A-Z_]+)`/gm)].map((m) => m[1]).sort();
    expect(codes).toHaveLength(4);
    expect(documented).toEqual(codes);
  });
});
