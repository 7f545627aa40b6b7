/**
 * @jest-environment <rootDir>/../../../tools/jest/onnx-environment.js
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasErrorCode } from '@embedding-studio/errors';
import * as ort from 'onnxruntime-node';
import { WordPieceTokenizer, createOnnxTextEncoder, type ModelManifest, type OnnxRuntimeModule } from '@embedding-studio/model-runtime';
import { sha256Hex } from '@embedding-studio/primitives';
import { encodeOnnxModel, ONNX_FLOAT, ONNX_INT64 } from '../onnx-proto.js';
import { buildTinyBert, referenceBertForward, tinyTokenizerJson } from '../testing/tiny-bert.js';

/** The real onnxruntime, recording the names of the inputs fed to every run (onnxruntime ignores unknown feeds). */
function recordingRuntime(fed: string[][]): OnnxRuntimeModule {
  const create = async (...args: Parameters<typeof ort.InferenceSession.create>): Promise<ort.InferenceSession> => {
    const session = await (ort.InferenceSession.create as (...a: unknown[]) => Promise<ort.InferenceSession>)(...args);
    const run = session.run.bind(session) as (feeds: ort.InferenceSession.FeedsType) => Promise<ort.InferenceSession.ReturnType>;
    Object.defineProperty(session, 'run', {
      value: (feeds: ort.InferenceSession.FeedsType) => {
        fed.push(Object.keys(feeds).sort());
        return run(feeds);
      },
    });
    return session;
  };
  return { Tensor: ort.Tensor, InferenceSession: { ...ort.InferenceSession, create } } as unknown as OnnxRuntimeModule;
}

const tiny = buildTinyBert();
const H = tiny.config.hiddenSize;
const tokenizer = WordPieceTokenizer.fromJSON(tiny.tokenizerJson, { maxLength: 16 });
let root: string;
let modelDir: string;

function manifest(overrides: Partial<ModelManifest> = {}): ModelManifest {
  return {
    name: 'tiny-bert',
    id: 'test/tiny-bert',
    dimension: H,
    pooling: 'mean',
    normalize: true,
    maxLength: 16,
    files: {
      'model.onnx': { sha256: sha256Hex(tiny.onnx), bytes: tiny.onnx.length },
      'tokenizer.json': { sha256: sha256Hex(Buffer.from(JSON.stringify(tiny.tokenizerJson))), bytes: 0 },
    },
    ...overrides,
  };
}

/** What the encoder must return: BERT forward in float64, then mean (or first-token) pooling and L2 norm. */
function expected(text: string, pooling: 'mean' | 'cls' = 'mean', normalize = true): number[] {
  const ids = tokenizer.encode(text).ids;
  const h = referenceBertForward(tiny, ids);
  const v = new Array<number>(H).fill(0);
  if (pooling === 'cls') for (let d = 0; d < H; d += 1) v[d] = h[d] as number;
  else for (let s = 0; s < ids.length; s += 1) for (let d = 0; d < H; d += 1) v[d] = (v[d] as number) + (h[s * H + d] as number) / ids.length;
  if (!normalize) return v;
  const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
  return v.map((x) => x / norm);
}

function row(data: Float32Array, i: number, dim = H): number[] {
  return Array.from(data.subarray(i * dim, (i + 1) * dim));
}

const TEXTS = ['The cat sat on the mat.', 'dog', 'A dog ran, the cats sat!', 'Café unknown', '', 'the the the the the the the the the the the the the the the the the the'];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'onnx-encoder-'));
  modelDir = join(root, 'tiny-bert');
  await writeFile(join(root, 'placeholder'), '');
  await import('node:fs/promises').then((fs) => fs.mkdir(modelDir));
  await writeFile(join(modelDir, 'model.onnx'), tiny.onnx);
  await writeFile(join(modelDir, 'tokenizer.json'), JSON.stringify(tiny.tokenizerJson));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createOnnxTextEncoder', () => {
  it('embeds like BERT + mean pooling + L2 norm, in input order, across sorted batches', async () => {
    const fed: string[][] = [];
    const encoder = await createOnnxTextEncoder({
      modelDir, manifest: manifest(), batchSize: 2, intraOpThreads: 1, onnxruntime: recordingRuntime(fed),
    });
    try {
      expect(encoder.id).toBe('test/tiny-bert');
      expect(encoder.version).toBe(sha256Hex(tiny.onnx));
      expect(encoder.dimension).toBe(H);
      expect(encoder.maxLength).toBe(16);
      expect(encoder.inputNames).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
      const m = await encoder.embedItems(TEXTS);
      expect(m.count).toBe(TEXTS.length);
      expect(m.dimension).toBe(H);
      TEXTS.forEach((text, i) => {
        row(m.data, i).forEach((v, d) => expect(v).toBeCloseTo(expected(text)[d] as number, 5));
      });
      // Queries are embedded the same way (symmetric model).
      const q = await encoder.embedQueries([TEXTS[2] as string]);
      expect(row(q.data, 0)).toEqual(row(m.data, 2));
      // Warm-up, three batches of two, one query batch; every run feeds the three declared inputs.
      expect(fed).toHaveLength(5);
      expect(new Set(fed.map((f) => f.join(',')))).toEqual(new Set(['attention_mask,input_ids,token_type_ids']));
    } finally {
      await encoder.dispose();
    }
  });

  it('gives the same vectors whatever the batch size and sorting', async () => {
    const sorted = await createOnnxTextEncoder({ modelDir, batchSize: 4, intraOpThreads: 1 });
    const plain = await createOnnxTextEncoder({ modelDir, batchSize: 1, sortByLength: false, intraOpThreads: 1, warmUp: false });
    try {
      const a = await sorted.embedItems(TEXTS);
      const b = await plain.embedItems(TEXTS);
      Array.from(a.data).forEach((v, i) => expect(v).toBeCloseTo(b.data[i] as number, 5));
    } finally {
      await sorted.dispose();
      await plain.dispose();
    }
  });

  it('truncates long texts to maxLength', async () => {
    const encoder = await createOnnxTextEncoder({ modelDir, maxLength: 5, intraOpThreads: 1 });
    try {
      expect(encoder.tokenize('the cat sat on the mat').tokens).toEqual(['[CLS]', 'the', 'cat', 'sat', '[SEP]']);
      const [long, short] = [await encoder.embedItems(['the cat sat on the mat']), await encoder.embedItems(['the cat sat'])];
      row(long.data, 0).forEach((v, d) => expect(v).toBeCloseTo(row(short.data, 0)[d] as number, 6));
    } finally {
      await encoder.dispose();
    }
  });

  it('supports first-token pooling without normalisation', async () => {
    const encoder = await createOnnxTextEncoder({ modelDir, pooling: 'cls', normalize: false, intraOpThreads: 1 });
    try {
      const m = await encoder.embedItems(['the cat sat', 'dog']);
      row(m.data, 0).forEach((v, d) => expect(v).toBeCloseTo(expected('the cat sat', 'cls', false)[d] as number, 5));
      row(m.data, 1).forEach((v, d) => expect(v).toBeCloseTo(expected('dog', 'cls', false)[d] as number, 5));
    } finally {
      await encoder.dispose();
    }
  });

  it('returns an empty matrix for no texts and rejects non-strings', async () => {
    const encoder = await createOnnxTextEncoder({ modelDir, intraOpThreads: 1 });
    try {
      expect(await encoder.embedItems([])).toEqual({ count: 0, dimension: H, data: new Float32Array(0) });
      await expect(encoder.embedItems(['ok', 3 as unknown as string])).rejects.toMatchObject({
        code: 'MODEL_RUNTIME_ONNX_INVALID_OPTION',
        details: { field: 'texts[1]' },
      });
    } finally {
      await encoder.dispose();
    }
  });

  it('refuses to run after dispose, and dispose is idempotent', async () => {
    const encoder = await createOnnxTextEncoder({ modelDir, intraOpThreads: 1 });
    await encoder.dispose();
    await encoder.dispose();
    await expect(encoder.embedItems(['dog'])).rejects.toMatchObject({ code: 'MODEL_RUNTIME_ONNX_DISPOSED' });
  });

  it('reads manifest.json from the model directory and verifies the files against it', async () => {
    const dir = join(root, 'with-manifest');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    await writeFile(join(dir, 'model.onnx'), tiny.onnx);
    await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tiny.tokenizerJson));
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest({ id: 'from/manifest' })));
    const encoder = await createOnnxTextEncoder({ modelDir: dir, intraOpThreads: 1 });
    expect(encoder.id).toBe('from/manifest');
    await encoder.dispose();

    const bad = manifest({ files: { ...manifest().files, 'model.onnx': { sha256: '0'.repeat(64), bytes: 1 } } });
    let caught: unknown;
    try {
      await createOnnxTextEncoder({ modelDir: dir, manifest: bad });
    } catch (err) {
      caught = err;
    }
    expect(hasErrorCode(caught, 'MODEL_RUNTIME_MODEL_FILE_HASH_MISMATCH')).toBe(true);
    expect((caught as Error).message).toContain('fetch the model again');
    // Skipping verification trusts the manifest's hash as the version.
    const trusted = await createOnnxTextEncoder({ modelDir: dir, manifest: bad, verifyHashes: false, intraOpThreads: 1 });
    expect(trusted.version).toBe('0'.repeat(64));
    await trusted.dispose();
  });

  it('says how to fetch the model when files are missing', async () => {
    let caught: unknown;
    try {
      await createOnnxTextEncoder({ modelDir: join(root, 'nothing-here'), model: 'all-minilm-l6-v2' });
    } catch (err) {
      caught = err;
    }
    expect(hasErrorCode(caught, 'MODEL_RUNTIME_MODEL_FILES_MISSING')).toBe(true);
    expect((caught as Error).message).toContain('node tools/models/fetch-model.mjs all-minilm-l6-v2');
    expect((caught as { details: { missing: string[] } }).details.missing).toEqual(['model.onnx', 'tokenizer.json']);
  });

  it('rejects bad options', async () => {
    await expect(createOnnxTextEncoder({ modelDir, batchSize: 0 })).rejects.toMatchObject({
      code: 'MODEL_RUNTIME_ONNX_INVALID_OPTION',
      details: { field: 'batchSize', value: 0 },
    });
    await expect(createOnnxTextEncoder({ modelDir, intraOpThreads: 1.5 })).rejects.toMatchObject({
      details: { field: 'intraOpThreads' },
    });
    await expect(createOnnxTextEncoder({ modelDir, model: 'no-such-model' })).rejects.toMatchObject({
      code: 'MODEL_RUNTIME_UNKNOWN_MODEL',
    });
    await expect(createOnnxTextEncoder({ modelDir, manifest: manifest({ dimension: 5 }), verifyHashes: false })).rejects.toMatchObject({
      code: 'MODEL_RUNTIME_ONNX_MODEL_INVALID',
    });
  });
});

describe('createOnnxTextEncoder with a model that declares fewer inputs', () => {
  // input_ids → Gather(table) → last_hidden_state: no attention_mask, no token_type_ids.
  const V = 21;
  const D = 3;
  const table = Float32Array.from({ length: V * D }, (_, i) => (i % 7) - 3 + i / 10);
  const onnx = encodeOnnxModel({
    opsetVersion: 17,
    producerName: 'test',
    producerVersion: '1',
    graphName: 'lookup',
    nodes: [{ op: 'Gather', inputs: ['table', 'input_ids'], outputs: ['last_hidden_state'] }],
    initializers: [{ name: 'table', dims: [V, D], data: table }],
    inputs: [{ name: 'input_ids', elemType: ONNX_INT64, shape: ['batch', 'sequence'] }],
    outputs: [{ name: 'last_hidden_state', elemType: ONNX_FLOAT, shape: ['batch', 'sequence', D] }],
  });

  it('feeds only input_ids and still averages over real tokens only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onnx-lookup-'));
    try {
      await writeFile(join(dir, 'model.onnx'), onnx);
      await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson()));
      const fed: string[][] = [];
      const encoder = await createOnnxTextEncoder({ modelDir: dir, normalize: false, intraOpThreads: 1, onnxruntime: recordingRuntime(fed) });
      try {
        expect(encoder.inputNames).toEqual(['input_ids']);
        expect(encoder.id).toBe(dir.split('/').pop());
        expect(encoder.dimension).toBe(D);
        // "dog" → [CLS]=2, dog=11, [SEP]=3; padded with [PAD]=0 next to the longer text.
        const m = await encoder.embedItems(['dog', 'the cat sat on the mat']);
        const mean = [0, 1, 2].map((d) => ([2, 11, 3].reduce((a, id) => a + (table[id * D + d] as number), 0)) / 3);
        row(m.data, 0, D).forEach((v, d) => expect(v).toBeCloseTo(mean[d] as number, 5));
        expect(fed).toEqual([['input_ids'], ['input_ids']]); // warm-up, then the one batch
      } finally {
        await encoder.dispose();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
