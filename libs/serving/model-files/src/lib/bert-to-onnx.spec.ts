/**
 * @jest-environment <rootDir>/../../../tools/jest/onnx-environment.js
 */
import { hasErrorCode } from '@embedding-studio/errors';
import * as ort from 'onnxruntime-node';
import { convertBertToOnnx, parseBertConfig } from './bert-to-onnx.js';
import { buildTinyBert, referenceBertForward } from './testing/tiny-bert.js';

const tiny = buildTinyBert();

async function run(onnx: Uint8Array, rows: number[][]): Promise<{ data: Float32Array; seq: number }> {
  const session = await ort.InferenceSession.create(onnx, { intraOpNumThreads: 1 });
  const seq = Math.max(...rows.map((r) => r.length));
  const ids = new BigInt64Array(rows.length * seq);
  const mask = new BigInt64Array(rows.length * seq);
  rows.forEach((r, i) => r.forEach((id, j) => {
    ids[i * seq + j] = BigInt(id);
    mask[i * seq + j] = 1n;
  }));
  const dims = [rows.length, seq];
  const out = await session.run({
    input_ids: new ort.Tensor('int64', ids, dims),
    attention_mask: new ort.Tensor('int64', mask, dims),
    token_type_ids: new ort.Tensor('int64', new BigInt64Array(rows.length * seq), dims),
  });
  await session.release();
  const t = out['last_hidden_state'] as ort.Tensor;
  expect(t.dims).toEqual([rows.length, seq, tiny.config.hiddenSize]);
  return { data: t.data as Float32Array, seq };
}

describe('convertBertToOnnx', () => {
  it('computes the same last hidden state as a plain BERT forward pass, padding ignored', async () => {
    const rows = [
      [2, 5, 6, 7, 8, 5, 9, 3], // [CLS] the cat sat on the mat [SEP]
      [2, 11, 12, 3], // [CLS] dog ran [SEP], padded to 8 in the batch
    ];
    const { data, seq } = await run(tiny.onnx, rows);
    const H = tiny.config.hiddenSize;
    rows.forEach((ids, r) => {
      const expected = referenceBertForward(tiny, ids);
      for (let s = 0; s < ids.length; s += 1) {
        for (let d = 0; d < H; d += 1) {
          expect(data[(r * seq + s) * H + d]).toBeCloseTo(expected[s * H + d] as number, 4);
        }
      }
    });
  });

  it('is deterministic: the same weights give the same bytes', () => {
    const again = buildTinyBert();
    expect(Buffer.from(again.onnx).equals(Buffer.from(tiny.onnx))).toBe(true);
    const other = buildTinyBert({ seed: 8 });
    expect(Buffer.from(other.onnx).equals(Buffer.from(tiny.onnx))).toBe(false);
  });

  it('accepts checkpoints whose tensor names carry the bert. prefix', async () => {
    const prefixed = new Map([...tiny.weights].map(([k, v]) => [`bert.${k}`, v]));
    const onnx = convertBertToOnnx(tiny.config, prefixed, { modelId: 'x', weightsSha256: '0' });
    const { data } = await run(onnx, [[2, 6, 3]]);
    const expected = referenceBertForward(tiny, [2, 6, 3]);
    expect(data[0]).toBeCloseTo(expected[0] as number, 4);
  });

  it('names missing and misshapen tensors', () => {
    const broken = new Map(tiny.weights);
    broken.delete('encoder.layer.1.output.dense.bias');
    broken.set('embeddings.LayerNorm.weight', { shape: [3], data: new Float32Array(3) });
    let caught: unknown;
    try {
      convertBertToOnnx(tiny.config, broken, { modelId: 'x', weightsSha256: '0' });
    } catch (err) {
      caught = err;
    }
    expect(hasErrorCode(caught, 'MODEL_RUNTIME_WEIGHTS_INVALID')).toBe(true);
    expect((caught as { issues: { field: string; message: string }[] }).issues).toEqual([
      { field: 'model.safetensors.embeddings.LayerNorm.weight', message: 'has shape 3, expected 8' },
      { field: 'model.safetensors.encoder.layer.1.output.dense.bias', message: 'is missing' },
    ]);
  });
});

describe('parseBertConfig', () => {
  it('reads the hyper-parameters', () => {
    expect(parseBertConfig(tiny.configJson)).toEqual({
      hiddenSize: 8,
      numHiddenLayers: 2,
      numAttentionHeads: 2,
      intermediateSize: 16,
      layerNormEps: 1e-12,
      vocabSize: 21,
      maxPositionEmbeddings: 32,
      typeVocabSize: 2,
    });
  });

  it('rejects other architectures and activations', () => {
    expect(() => parseBertConfig({ ...tiny.configJson, model_type: 'roberta', hidden_act: 'relu' })).toThrow(
      /config\.json\.model_type.*config\.json\.hidden_act/,
    );
    expect(() => parseBertConfig({ ...tiny.configJson, num_attention_heads: 3 })).toThrow(/must divide hidden_size/);
    expect(() => parseBertConfig({})).toThrow(/config\.json\.hidden_size: must be a positive integer/);
  });
});
