import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot, resolveFromRoot } from './paths.js';

describe('flag paths', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-paths-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves relative paths from the repository root, not the cwd', () => {
    mkdirSync(join(dir, 'repo', 'apps', 'bench', 'src'), { recursive: true });
    writeFileSync(join(dir, 'repo', 'nx.json'), '{}');
    const root = findRepoRoot(join(dir, 'repo', 'apps', 'bench', 'src'));
    expect(root).toBe(join(dir, 'repo'));
    expect(resolveFromRoot('../shared/datasets/scifact', root)).toBe(join(dir, 'shared', 'datasets', 'scifact'));
    expect(resolveFromRoot('/abs/x', root)).toBe('/abs/x');
    expect(resolveFromRoot('~/.cache/x', root, '/home/u')).toBe('/home/u/.cache/x');
  });
});
