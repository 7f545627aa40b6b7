/**
 * @jest-environment <rootDir>/../../../tools/jest/onnx-environment.js
 */
// Parity of the TypeScript stack (WordPiece tokenizer + onnxruntime-node + pooling) with the
// Python reference (Hugging Face tokenizers + onnxruntime) on the real all-MiniLM-L6-v2 files.
// The model comes from the local models cache: run `node tools/models/fetch-model.mjs all-minilm-l6-v2`
// first. The reference numbers are test-data/minilm-reference.json, written by
// tools/models/reference-embeddings.py.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOnnxTextEncoder, getModelSpec, manifestOf, resolveModelsCacheDir, verifyModelDir, type OnnxTextEncoder } from '@embedding-studio/model-runtime';
import { ensureModelFiles } from '../ensure-model-files.js';

interface Reference {
  model: { id: string; 'model.onnx': string; 'tokenizer.json': string };
  maxLength: number;
  sentences: { text: string; ids: number[]; embedding: number[] }[];
}

const NAME = 'all-minilm-l6-v2';
const spec = getModelSpec(NAME);
const modelDir = join(resolveModelsCacheDir({ env: process.env, homeDir: homedir() }), NAME);
const referencePath = fileURLToPath(new URL('../../../test-data/minilm-reference.json', import.meta.url));

let reference: Reference;
let encoder: OnnxTextEncoder;

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += (a[i] as number) * (b[i] as number);
    na += (a[i] as number) ** 2;
    nb += (b[i] as number) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

beforeAll(async () => {
  reference = JSON.parse(await readFile(referencePath, 'utf8')) as Reference;
  try {
    await verifyModelDir(modelDir, manifestOf(spec));
  } catch (err) {
    throw new Error(
      `The all-MiniLM-L6-v2 model files are missing or damaged in ${modelDir}. ` +
        `Run \`node tools/models/fetch-model.mjs ${NAME}\` from the repository root first ` +
        `(set ES_MODELS_CACHE to use another cache root). Cause: ${(err as Error).message}`,
    );
  }
  encoder = await createOnnxTextEncoder({ modelDir, model: NAME, batchSize: 4 });
}, 120_000);

afterAll(async () => {
  await encoder?.dispose();
});

describe('all-MiniLM-L6-v2 parity with the Python reference', () => {
  it('uses the same model files as the reference', () => {
    expect(reference.model['model.onnx']).toBe(spec.files['model.onnx']?.sha256);
    expect(reference.model['tokenizer.json']).toBe(spec.files['tokenizer.json']?.sha256);
    expect(reference.maxLength).toBe(encoder.maxLength);
    expect(encoder.id).toBe('sentence-transformers/all-MiniLM-L6-v2');
    expect(encoder.version).toBe(spec.files['model.onnx']?.sha256);
    expect(encoder.dimension).toBe(384);
  });

  it('produces the same token ids as the tokenizers library', () => {
    expect(reference.sentences.some((s) => s.ids.length === 256)).toBe(true); // one sentence is truncated
    for (const s of reference.sentences) {
      expect({ text: s.text, ids: encoder.tokenize(s.text).ids }).toEqual({ text: s.text, ids: s.ids });
    }
  });

  it('produces embeddings with cosine ≥ 1 − 1e-4 to the reference, batched and padded', async () => {
    const m = await encoder.embedItems(reference.sentences.map((s) => s.text));
    reference.sentences.forEach((s, i) => {
      const v = m.data.subarray(i * 384, (i + 1) * 384);
      const cos = cosine(v, s.embedding);
      if (cos < 1 - 1e-4) throw new Error(`sentence ${i} (${JSON.stringify(s.text.slice(0, 40))}): cosine ${cos}`);
      expect(cos).toBeGreaterThanOrEqual(1 - 1e-4);
    });
  });

  it('gives the same vectors one sentence at a time, as queries', async () => {
    for (const s of reference.sentences) {
      const m = await encoder.embedQueries([s.text]);
      expect(cosine(m.data, s.embedding)).toBeGreaterThanOrEqual(1 - 1e-4);
    }
  });
});

describe('README quick start', () => {
  it('fetches (here: finds in the cache), loads and embeds', async () => {
    const { dir, source } = await ensureModelFiles({
      name: 'all-minilm-l6-v2',
      cacheDir: resolveModelsCacheDir({ env: process.env, homeDir: homedir() }),
    });
    expect(source).toBe('cache');
    const quick = await createOnnxTextEncoder({ modelDir: dir, model: 'all-minilm-l6-v2' });
    try {
      const { count, dimension, data } = await quick.embedQueries(['how do vaccines train the immune system?']);
      expect([count, dimension, data.length]).toEqual([1, 384, 384]);
      expect(Math.hypot(...data)).toBeCloseTo(1, 5);
    } finally {
      await quick.dispose();
    }
  });

  it('ranks a related sentence above an unrelated one', async () => {
    const m = await encoder.embedItems([
      'Vaccines train the immune system to recognise a pathogen.',
      'Immunisation teaches the body to fight infections.',
      'The stock market closed higher on Friday.',
    ]);
    const row = (i: number) => m.data.subarray(i * 384, (i + 1) * 384);
    expect(cosine(row(0), row(1))).toBeGreaterThan(cosine(row(0), row(2)) + 0.3);
  });
});
