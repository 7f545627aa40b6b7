// The `.` entry must load without tfjs: walk its relative imports and check that none of the
// files it reaches imports an `@tensorflow/*` module. Also keeps the README errors table in
// sync with src/errors.ts.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importGraph(entry: string): { files: string[]; external: string[] } {
  const files = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(importRe)) {
      const spec = (m[1] ?? m[2]) as string;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else external.add(spec);
    }
  };
  visit(entry);
  return { files: [...files], external: [...external] };
}

describe('entries', () => {
  it('"." reaches no @tensorflow module', () => {
    const { files, external } = importGraph(join(here, 'index.ts'));
    expect(files.length).toBeGreaterThan(10);
    expect(external.filter((s) => s.startsWith('@tensorflow'))).toEqual([]);
    expect(external.sort()).toEqual(['@embedding-studio/errors', '@embedding-studio/random']);
  });

  it('"./tfjs" is where tfjs comes in', () => {
    expect(importGraph(join(here, 'tfjs.ts')).external).toContain('@tensorflow/tfjs');
  });

  it('every error code is in the README errors table and vice versa', () => {
    const codes = [...readFileSync(join(here, 'errors.ts'), 'utf8').matchAll(/'(LOSSES_METRICS_[A-Z_]+)'/g)].map((m) => m[1]).sort();
    const readme = readFileSync(join(here, '..', 'README.md'), 'utf8');
    const documented = [...readme.matchAll(/^\|\s*`(LOSSES_METRICS_[A-Z_]+)`/gm)].map((m) => m[1]).sort();
    expect(codes.length).toBeGreaterThan(0);
    expect(documented).toEqual(codes);
  });
});
