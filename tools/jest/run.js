#!/usr/bin/env node
// Runs one project's test layer with Jest in native-ESM mode.
//   node tools/jest/run.js <unit|integration|e2e> <projectRoot> [jest args...]
// unit:        src/**/*.spec.ts      (no I/O; cached by Nx)
// integration: src/**/*.int-spec.ts  (real services from tools/services; never cached)
// e2e:         test/e2e/**/*.e2e-spec.ts
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [layer, projectRoot, ...rest] = process.argv.slice(2);
const patterns = {
  unit: '\\.spec\\.ts$',
  integration: '\\.int-spec\\.ts$',
  e2e: '\\.e2e-spec\\.ts$',
};
if (!layer || !(layer in patterns) || !projectRoot) {
  console.error('usage: node tools/jest/run.js <unit|integration|e2e> <projectRoot> [jest args...]');
  process.exit(2);
}
const root = resolve(projectRoot);
const config = join(root, 'jest.config.js');
if (!existsSync(config)) {
  console.error(`${projectRoot}: no jest.config.js; add one that spreads the workspace preset.`);
  process.exit(2);
}
// Suites against real services run one at a time. A suite that leaves a driver socket or a queue
// timer open (Agenda's MongoDB backend does after stop()) must not hang CI after its last test, so
// those layers end the process when the run is over.
const serial = layer === 'unit' ? [] : ['--runInBand', '--forceExit'];
const result = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    join(import.meta.dirname, '../../node_modules/jest/bin/jest.js'),
    '-c',
    config,
    '--rootDir',
    root,
    '--testRegex',
    patterns[layer],
    '--passWithNoTests=false',
    ...serial,
    ...rest,
  ],
  { stdio: 'inherit', env: { ...process.env, ES_TEST_LAYER: layer } },
);
process.exit(result.status ?? 1);
