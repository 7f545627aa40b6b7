// `npm run bench:search -- [--dataset DIR] [--items N] [--queries N] [--out FILE] [--model-dir DIR]
//   [--cache-dir DIR] [--no-cache] [--data-dir DIR]`
// Indexes SciFact + sentence windows (100k items) with the LanceDB adapter and measures indexing
// throughput, query latency (encoding included) and ANN recall@10 against exact search.
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { BenchInvalidArgumentError } from './errors.js';
import { loadBeirDataset } from './lib/dataset/load.js';
import { findRepoRoot, resolveFromRoot } from './lib/dataset/paths.js';
import { DEFAULT_MODEL_NAME, openBaseModel } from './lib/run/base-model.js';
import { renderSearchBench, runSearchBench } from './lib/search/run-search-bench.js';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: '../shared/datasets/scifact' },
    items: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '300' },
    out: { type: 'string', default: 'bench-out/search/result.json' },
    'model-dir': { type: 'string' },
    'cache-dir': { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
  },
});
const count = (flag: string, value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new BenchInvalidArgumentError(`--${flag} must be a positive integer, got ${JSON.stringify(value)}.`, { details: { flag } });
  return n;
};

const root = findRepoRoot(process.cwd());
const at = (p: string): string => resolveFromRoot(p, root, homedir());
const dataset = loadBeirDataset(at(values.dataset));
const model = await openBaseModel(at(values['model-dir'] ?? join('~', '.cache', 'embedding-studio', 'models', DEFAULT_MODEL_NAME)));
try {
  const result = await runSearchBench({
    dataset,
    model,
    items: count('items', values.items),
    queries: count('queries', values.queries),
    ...(values['no-cache'] ? {} : { cacheRoot: at(values['cache-dir'] ?? join('~', '.cache', 'embedding-studio', 'bench')) }),
    ...(values['data-dir'] ? { dataDir: at(values['data-dir']) } : {}),
    tunings: [
      { name: 'fast', nprobes: 10, ef: 64, refineFactor: 0 },
      { name: 'balanced (default)', nprobes: 20, ef: 160, refineFactor: 2 },
      { name: 'wide', nprobes: 40, ef: 256, refineFactor: 4 },
    ],
    log: (line) => process.stderr.write(`[bench:search] ${line}\n`),
  });
  const out = at(values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ command: `npm run bench:search -- ${process.argv.slice(2).join(' ')}`.trim(), ...result }, null, 2)}\n`);
  process.stdout.write(`${renderSearchBench(result)}\n\nresult: ${out}\n`);
} finally {
  await model.dispose();
}
