import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * Finds the repository root: the nearest folder at or above `start` that holds `nx.json`.
 * Paths in flags are resolved against it, so the harness behaves the same from any cwd.
 */
export function findRepoRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

/** Resolves `path` against the repository root unless it is absolute. `~/` expands to `home`. */
export function resolveFromRoot(path: string, root: string, home?: string): string {
  if (path === '~' || path.startsWith('~/')) return join(home ?? root, path.slice(1));
  return isAbsolute(path) ? path : resolve(root, path);
}
