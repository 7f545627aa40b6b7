// Shared Jest settings. Every project runs as native ESM (Agenda 6 and other deps are
// ESM-only), transpiled by swc; type checking is the `typecheck` target's job.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const base = JSON.parse(
  readFileSync(join(root, 'tsconfig.base.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''),
);

/** tsconfig `paths` → Jest `moduleNameMapper`, so libs are consumed from source. */
const pathMappers = Object.fromEntries(
  Object.entries(base.compilerOptions.paths ?? {}).map(([alias, [target]]) => [
    `^${alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`,
    join(root, target),
  ]),
);

/** @type {import('jest').Config} */
export const preset = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: false, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: {
    ...pathMappers,
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  setupFiles: [join(root, 'tools/jest/setup.js')],
};
