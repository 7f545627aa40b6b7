// A tiny random BERT (seeded) with its tokenizer.json, safetensors, config.json and converted
// ONNX bytes, plus a plain TypeScript forward pass to check the ONNX graph against. Test support:
// small enough to build in milliseconds, shaped exactly like a real sentence-transformers model.
import { sha256Hex } from '@embedding-studio/primitives';
import { convertBertToOnnx, parseBertConfig, type BertConfig } from '../bert-to-onnx.js';
import { writeSafetensors, type Float32Tensor } from '../safetensors.js';

/** Options of {@link buildTinyBert}. */
export interface TinyBertOptions {
  /** @defaultValue 7 */
  seed?: number;
  /** @defaultValue 8 */
  hiddenSize?: number;
  /** @defaultValue 2 */
  layers?: number;
  /** @defaultValue 2 */
  heads?: number;
  /** @defaultValue 16 */
  intermediateSize?: number;
  /** @defaultValue 32 */
  maxPositions?: number;
}

/** Everything a tiny model directory holds, in memory. */
export interface TinyBert {
  config: BertConfig;
  configJson: Record<string, unknown>;
  tokenizerJson: Record<string, unknown>;
  weights: Map<string, Float32Tensor>;
  safetensors: Uint8Array;
  onnx: Uint8Array;
}

/** The vocabulary of the tiny model. */
export const TINY_BERT_VOCAB = [
  '[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]',
  'the', 'cat', 'sat', 'on', 'mat', 'a', 'dog', 'ran', '##s', '##ing', 'cafe', '.', ',', '!', 'un', '##known',
] as const;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds the tiny model deterministically from a seed. */
export function buildTinyBert(options: TinyBertOptions = {}): TinyBert {
  const rand = mulberry32(options.seed ?? 7);
  const H = options.hiddenSize ?? 8;
  const I = options.intermediateSize ?? 16;
  const configJson = {
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_act: 'gelu',
    hidden_size: H,
    intermediate_size: I,
    layer_norm_eps: 1e-12,
    max_position_embeddings: options.maxPositions ?? 32,
    num_attention_heads: options.heads ?? 2,
    num_hidden_layers: options.layers ?? 2,
    type_vocab_size: 2,
    vocab_size: TINY_BERT_VOCAB.length,
    position_embedding_type: 'absolute',
  };
  const config = parseBertConfig(configJson);
  const weights = new Map<string, Float32Tensor>();
  const add = (name: string, shape: number[], kind: 'normal' | 'ones' | 'small' = 'normal'): void => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i += 1) {
      const u = rand() * 2 - 1;
      data[i] = kind === 'ones' ? 1 + 0.1 * u : kind === 'small' ? 0.05 * u : 0.5 * u;
    }
    weights.set(name, { shape, data });
  };
  add('embeddings.word_embeddings.weight', [config.vocabSize, H]);
  add('embeddings.position_embeddings.weight', [config.maxPositionEmbeddings, H]);
  add('embeddings.token_type_embeddings.weight', [2, H]);
  add('embeddings.LayerNorm.weight', [H], 'ones');
  add('embeddings.LayerNorm.bias', [H], 'small');
  for (let l = 0; l < config.numHiddenLayers; l += 1) {
    const p = `encoder.layer.${l}`;
    for (const m of ['query', 'key', 'value']) {
      add(`${p}.attention.self.${m}.weight`, [H, H]);
      add(`${p}.attention.self.${m}.bias`, [H], 'small');
    }
    add(`${p}.attention.output.dense.weight`, [H, H]);
    add(`${p}.attention.output.dense.bias`, [H], 'small');
    add(`${p}.attention.output.LayerNorm.weight`, [H], 'ones');
    add(`${p}.attention.output.LayerNorm.bias`, [H], 'small');
    add(`${p}.intermediate.dense.weight`, [I, H]);
    add(`${p}.intermediate.dense.bias`, [I], 'small');
    add(`${p}.output.dense.weight`, [H, I]);
    add(`${p}.output.dense.bias`, [H], 'small');
    add(`${p}.output.LayerNorm.weight`, [H], 'ones');
    add(`${p}.output.LayerNorm.bias`, [H], 'small');
  }
  const safetensors = writeSafetensors(weights);
  const onnx = convertBertToOnnx(config, weights, { modelId: 'test/tiny-bert', weightsSha256: sha256Hex(safetensors) });
  return { config, configJson, tokenizerJson: tinyTokenizerJson(), weights, safetensors, onnx };
}

/** A BERT uncased tokenizer.json over {@link TINY_BERT_VOCAB}. */
export function tinyTokenizerJson(): Record<string, unknown> {
  const vocab = Object.fromEntries(TINY_BERT_VOCAB.map((t, i) => [t, i]));
  const special = (content: string): Record<string, unknown> => ({
    id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
  });
  return {
    version: '1.0',
    truncation: { direction: 'Right', max_length: 128, strategy: 'LongestFirst', stride: 0 },
    padding: null,
    added_tokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26 is too coarse; use a series / continued fraction pair accurate to ~1e-15.
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let sum = ax;
    let term = ax;
    for (let n = 1; n < 80; n += 1) {
      term *= (-ax * ax) / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc continued fraction (Lentz) for the tail.
  let f = ax;
  for (let n = 60; n >= 1; n -= 1) f = ax + n / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

/**
 * The BERT forward pass in float64, for one text (no padding): token ids → last hidden state,
 * `[ids.length, hidden]` row-major. Independent of ONNX; used to check the converted graph.
 */
export function referenceBertForward(model: Pick<TinyBert, 'config' | 'weights'>, ids: readonly number[]): Float64Array {
  const { config, weights } = model;
  const H = config.hiddenSize;
  const heads = config.numAttentionHeads;
  const hd = H / heads;
  const S = ids.length;
  const w = (name: string): Float32Array => {
    const t = weights.get(name);
    if (!t) throw new Error(`missing ${name}`);
    return t.data;
  };
  const layerNorm = (x: Float64Array, name: string): Float64Array => {
    const g = w(`${name}.weight`);
    const b = w(`${name}.bias`);
    const out = new Float64Array(x.length);
    for (let s = 0; s < S; s += 1) {
      let mean = 0;
      for (let d = 0; d < H; d += 1) mean += x[s * H + d] as number;
      mean /= H;
      let v = 0;
      for (let d = 0; d < H; d += 1) v += ((x[s * H + d] as number) - mean) ** 2;
      v /= H;
      for (let d = 0; d < H; d += 1) {
        out[s * H + d] = (((x[s * H + d] as number) - mean) / Math.sqrt(v + config.layerNormEps)) * (g[d] as number) + (b[d] as number);
      }
    }
    return out;
  };
  const linear = (x: Float64Array, name: string, inDim: number, outDim: number): Float64Array => {
    const W = w(`${name}.weight`);
    const b = w(`${name}.bias`);
    const out = new Float64Array(S * outDim);
    for (let s = 0; s < S; s += 1) {
      for (let o = 0; o < outDim; o += 1) {
        let acc = b[o] as number;
        for (let i = 0; i < inDim; i += 1) acc += (x[s * inDim + i] as number) * (W[o * inDim + i] as number);
        out[s * outDim + o] = acc;
      }
    }
    return out;
  };
  const wordE = w('embeddings.word_embeddings.weight');
  const posE = w('embeddings.position_embeddings.weight');
  const typeE = w('embeddings.token_type_embeddings.weight');
  let h: Float64Array = new Float64Array(S * H);
  ids.forEach((id, s) => {
    for (let d = 0; d < H; d += 1) {
      h[s * H + d] = (wordE[id * H + d] as number) + (posE[s * H + d] as number) + (typeE[d] as number);
    }
  });
  h = layerNorm(h, 'embeddings.LayerNorm');
  for (let l = 0; l < config.numHiddenLayers; l += 1) {
    const p = `encoder.layer.${l}`;
    const q = linear(h, `${p}.attention.self.query`, H, H);
    const k = linear(h, `${p}.attention.self.key`, H, H);
    const v = linear(h, `${p}.attention.self.value`, H, H);
    const ctx = new Float64Array(S * H);
    for (let hh = 0; hh < heads; hh += 1) {
      for (let i = 0; i < S; i += 1) {
        const scores = new Float64Array(S);
        let max = -Infinity;
        for (let j = 0; j < S; j += 1) {
          let dot = 0;
          for (let d = 0; d < hd; d += 1) dot += (q[i * H + hh * hd + d] as number) * (k[j * H + hh * hd + d] as number);
          scores[j] = dot / Math.sqrt(hd);
          max = Math.max(max, scores[j] as number);
        }
        let z = 0;
        for (let j = 0; j < S; j += 1) {
          scores[j] = Math.exp((scores[j] as number) - max);
          z += scores[j] as number;
        }
        for (let d = 0; d < hd; d += 1) {
          let acc = 0;
          for (let j = 0; j < S; j += 1) acc += ((scores[j] as number) / z) * (v[j * H + hh * hd + d] as number);
          ctx[i * H + hh * hd + d] = acc;
        }
      }
    }
    const attnOut = linear(ctx, `${p}.attention.output.dense`, H, H);
    for (let i = 0; i < attnOut.length; i += 1) attnOut[i] = (attnOut[i] as number) + (h[i] as number);
    const attn = layerNorm(attnOut, `${p}.attention.output.LayerNorm`);
    const inter = linear(attn, `${p}.intermediate.dense`, H, config.intermediateSize);
    for (let i = 0; i < inter.length; i += 1) {
      const x = inter[i] as number;
      inter[i] = 0.5 * x * (1 + erf(x / Math.SQRT2));
    }
    const out = linear(inter, `${p}.output.dense`, config.intermediateSize, H);
    for (let i = 0; i < out.length; i += 1) out[i] = (out[i] as number) + (attn[i] as number);
    h = layerNorm(out, `${p}.output.LayerNorm`);
  }
  return h;
}
