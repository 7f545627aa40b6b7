#!/usr/bin/env node
// Embedding throughput of the ONNX text encoder on SciFact abstracts (title + " " + text).
//
//   node tools/models/fetch-model.mjs all-minilm-l6-v2
//   npx tsx tools/models/bench-encoder.mjs --corpus <scifact>/corpus.jsonl [--count 1000] [--runs 3]
//       [--batch-size 32] [--threads <cores>] [--no-sort] [--model all-minilm-l6-v2]
//
// Loads the model once (warm-up included), then embeds the same texts `runs` times and prints
// sentences/s per run and the median. Plain `node` works too.
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: process.env.ES_SCIFACT_CORPUS },
    count: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    'batch-size': { type: 'string', default: '32' },
    threads: { type: 'string', default: String(availableParallelism()) },
    'no-sort': { type: 'boolean', default: false },
    model: { type: 'string', default: 'all-minilm-l6-v2' },
  },
});
if (!values.corpus) {
  console.error('usage: npx tsx tools/models/bench-encoder.mjs --corpus <scifact>/corpus.jsonl (or set ES_SCIFACT_CORPUS)');
  process.exit(2);
}

const lib = await tsImport('@embedding-studio/model-runtime', {
  parentURL: import.meta.url,
  tsconfig: join(root, 'tsconfig.base.json'),
});

const count = Number(values.count);
const texts = readFileSync(values.corpus, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .slice(0, count)
  .map((line) => {
    const doc = JSON.parse(line);
    return `${doc.title} ${doc.text}`;
  });

const modelDir = join(lib.resolveModelsCacheDir({ env: process.env, homeDir: homedir() }), values.model);
const loadStart = performance.now();
const encoder = await lib.createOnnxTextEncoder({
  modelDir,
  model: values.model,
  batchSize: Number(values['batch-size']),
  intraOpThreads: Number(values.threads),
  sortByLength: !values['no-sort'],
});
const loadMs = performance.now() - loadStart;

const lengths = texts.map((t) => encoder.tokenize(t).ids.length);
const truncated = texts.filter((t) => encoder.tokenize(t).truncated).length;
const meanTokens = lengths.reduce((a, b) => a + b, 0) / lengths.length;

console.log(
  `model ${encoder.id} (model.onnx ${encoder.version.slice(0, 12)}…), ${texts.length} SciFact abstracts, ` +
    `mean ${meanTokens.toFixed(1)} tokens, ${truncated} truncated at ${encoder.maxLength}`,
);
console.log(
  `cpu ${cpus()[0]?.model ?? '?'} × ${availableParallelism()}, intra-op threads ${values.threads}, ` +
    `batch ${values['batch-size']}, sort by length ${!values['no-sort']}, load + warm-up ${loadMs.toFixed(0)} ms`,
);

const rates = [];
for (let run = 1; run <= Number(values.runs); run += 1) {
  const start = performance.now();
  const m = await encoder.embedItems(texts);
  const seconds = (performance.now() - start) / 1000;
  if (m.count !== texts.length) throw new Error('wrong row count');
  rates.push(texts.length / seconds);
  console.log(`run ${run}: ${seconds.toFixed(2)} s, ${(texts.length / seconds).toFixed(1)} sentences/s`);
}
await encoder.dispose();
const sorted = [...rates].sort((a, b) => a - b);
console.log(`median: ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} sentences/s`);
