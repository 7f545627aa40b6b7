// Keeps the README errors table in sync with src/errors.ts.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

describe('error catalogue', () => {
  it('every error code is in the README errors table and vice versa', () => {
    const codes = [...readFileSync(join(here, 'errors.ts'), 'utf8').matchAll(/'(CLICKSTREAM_[A-Z_]+)'/g)].map((m) => m[1]);
    const full = readFileSync(join(here, '..', 'README.md'), 'utf8');
    const start = full.indexOf('\n## Errors');
    const readme = full.slice(start, full.indexOf('\n## ', start + 1));
    const documented = [...readme.matchAll(/^\|\s*`(CLICKSTREAM_[A-Z_]+)`/gm)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(0);
    expect([...documented].sort()).toEqual([...new Set(codes)].sort());
  });
});
