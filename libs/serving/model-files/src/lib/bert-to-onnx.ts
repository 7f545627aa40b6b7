// Converts the weights of a BERT encoder (Hugging Face `BertModel`, safetensors + config.json)
// into an ONNX graph that computes `last_hidden_state` exactly as the PyTorch model does in
// eval mode: embeddings (word + position + token type) → LayerNorm → N × (self-attention with
// an additive padding mask, residual, LayerNorm, GELU feed-forward, residual, LayerNorm).
import type { FieldIssue } from '@embedding-studio/errors';
import { ModelRuntimeWeightsInvalidError } from '@embedding-studio/model-runtime';
import {
  encodeOnnxModel,
  ONNX_FLOAT,
  ONNX_INT64,
  type OnnxNode,
  type OnnxTensor,
} from './onnx-proto.js';
import type { Float32Tensor } from './safetensors.js';

/** The `config.json` fields the conversion needs. */
export interface BertConfig {
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  intermediateSize: number;
  layerNormEps: number;
  vocabSize: number;
  maxPositionEmbeddings: number;
  typeVocabSize: number;
}

/** Version of the conversion recipe; part of the model metadata, so any change shows in the file hash. */
export const BERT_ONNX_CONVERTER_VERSION = '1';

/** ONNX opset of the converted graph (LayerNormalization needs 17). */
export const BERT_ONNX_OPSET = 17;

/**
 * Reads the BERT hyper-parameters from a parsed `config.json`.
 * @throws ModelRuntimeWeightsInvalidError when the model is not a BERT encoder with GELU activations
 */
export function parseBertConfig(json: unknown): BertConfig {
  const issues: FieldIssue[] = [];
  const c = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const int = (field: string, fallback?: number): number => {
    const v = c[field] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      issues.push({ field: `config.json.${field}`, message: 'must be a positive integer' });
      return 1;
    }
    return v;
  };
  if (c['model_type'] !== undefined && c['model_type'] !== 'bert') {
    issues.push({ field: 'config.json.model_type', message: `must be "bert", got ${JSON.stringify(c['model_type'])}` });
  }
  const act = c['hidden_act'] ?? 'gelu';
  if (act !== 'gelu') issues.push({ field: 'config.json.hidden_act', message: `must be "gelu", got ${JSON.stringify(act)}` });
  const pos = c['position_embedding_type'] ?? 'absolute';
  if (pos !== 'absolute') {
    issues.push({ field: 'config.json.position_embedding_type', message: `must be "absolute", got ${JSON.stringify(pos)}` });
  }
  const eps = c['layer_norm_eps'] ?? 1e-12;
  if (typeof eps !== 'number' || !(eps > 0)) issues.push({ field: 'config.json.layer_norm_eps', message: 'must be a positive number' });
  const config: BertConfig = {
    hiddenSize: int('hidden_size'),
    numHiddenLayers: int('num_hidden_layers'),
    numAttentionHeads: int('num_attention_heads'),
    intermediateSize: int('intermediate_size'),
    layerNormEps: typeof eps === 'number' ? eps : 1e-12,
    vocabSize: int('vocab_size'),
    maxPositionEmbeddings: int('max_position_embeddings', 512),
    typeVocabSize: int('type_vocab_size', 2),
  };
  if (issues.length === 0 && config.hiddenSize % config.numAttentionHeads !== 0) {
    issues.push({ field: 'config.json.num_attention_heads', message: 'must divide hidden_size' });
  }
  if (issues.length > 0) throw new ModelRuntimeWeightsInvalidError(issues);
  return config;
}

/** Provenance recorded in the ONNX file's metadata. */
export interface BertOnnxProvenance {
  /** Model id, e.g. `sentence-transformers/all-MiniLM-L6-v2`. */
  modelId: string;
  /** sha256 of the safetensors file the weights came from. */
  weightsSha256: string;
}

/**
 * Builds the bytes of an ONNX model (inputs `input_ids`, `attention_mask`, `token_type_ids`, all
 * int64 `[batch, sequence]`; output float32 `last_hidden_state` `[batch, sequence, hidden]`).
 * The same weights and provenance always give the same bytes.
 * @throws ModelRuntimeWeightsInvalidError when a tensor is missing or has the wrong shape
 */
export function convertBertToOnnx(
  config: BertConfig,
  weights: ReadonlyMap<string, Float32Tensor>,
  provenance: BertOnnxProvenance,
): Uint8Array {
  const H = config.hiddenSize;
  const heads = config.numAttentionHeads;
  const headSize = H / heads;
  const prefix = weights.has('bert.embeddings.word_embeddings.weight') ? 'bert.' : '';
  const issues: FieldIssue[] = [];

  const take = (name: string, shape: readonly number[]): Float32Array => {
    const t = weights.get(prefix + name);
    if (!t) {
      issues.push({ field: `model.safetensors.${prefix}${name}`, message: 'is missing' });
      return new Float32Array(shape.reduce((a, b) => a * b, 1));
    }
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      issues.push({ field: `model.safetensors.${prefix}${name}`, message: `has shape ${t.shape.join('x')}, expected ${shape.join('x')}` });
      return new Float32Array(shape.reduce((a, b) => a * b, 1));
    }
    return t.data;
  };

  const initializers: OnnxTensor[] = [];
  const nodes: OnnxNode[] = [];
  const init = (name: string, dims: readonly number[], data: Float32Array | BigInt64Array): string => {
    initializers.push({ name, dims, data });
    return name;
  };
  const node = (op: string, inputs: string[], output: string, attributes?: OnnxNode['attributes']): string => {
    nodes.push({ op, inputs, outputs: [output], name: output, ...(attributes ? { attributes } : {}) });
    return output;
  };
  /** A linear layer: x · Wᵀ + b, with W stored as PyTorch does, `[out, in]`. */
  const linear = (x: string, name: string, inDim: number, outDim: number, out: string): string => {
    const w = init(`${name}.weight`, [inDim, outDim], transpose(take(`${name}.weight`, [outDim, inDim]), outDim, inDim));
    const b = init(`${name}.bias`, [outDim], take(`${name}.bias`, [outDim]));
    return node('Add', [node('MatMul', [x, w], `${out}/matmul`), b], out);
  };
  const layerNorm = (x: string, name: string, out: string): string =>
    node(
      'LayerNormalization',
      [x, init(`${name}.weight`, [H], take(`${name}.weight`, [H])), init(`${name}.bias`, [H], take(`${name}.bias`, [H]))],
      out,
      { axis: { kind: 'int', value: -1 }, epsilon: { kind: 'float', value: config.layerNormEps } },
    );

  // Constants.
  const one = init('const.one', [], Float32Array.of(1));
  const half = init('const.half', [], Float32Array.of(0.5));
  const sqrt2 = init('const.sqrt2', [], Float32Array.of(Math.SQRT2));
  const maskValue = init('const.mask_value', [], Float32Array.of(-3.4028234663852886e38)); // float32 min, as PyTorch
  const scoreScale = init('const.sqrt_head_size', [], Float32Array.of(Math.sqrt(headSize)));
  const zero1 = init('const.zero_1d', [1], BigInt64Array.of(0n));
  const axis0 = zero1;
  const maskAxes = init('const.mask_axes', [2], BigInt64Array.of(1n, 2n));
  const splitHeads = init('const.split_heads_shape', [4], BigInt64Array.of(0n, 0n, BigInt(heads), BigInt(headSize)));
  const mergeHeads = init('const.merge_heads_shape', [3], BigInt64Array.of(0n, 0n, BigInt(H)));

  // Embeddings.
  const word = node('Gather', [init('embeddings.word_embeddings.weight', [config.vocabSize, H], take('embeddings.word_embeddings.weight', [config.vocabSize, H])), 'input_ids'], 'embeddings/word');
  const type = node('Gather', [init('embeddings.token_type_embeddings.weight', [config.typeVocabSize, H], take('embeddings.token_type_embeddings.weight', [config.typeVocabSize, H])), 'token_type_ids'], 'embeddings/token_type');
  const seqLen = node('Shape', ['input_ids'], 'embeddings/sequence_length', { start: { kind: 'int', value: 1 }, end: { kind: 'int', value: 2 } });
  const positions = node(
    'Slice',
    [init('embeddings.position_embeddings.weight', [config.maxPositionEmbeddings, H], take('embeddings.position_embeddings.weight', [config.maxPositionEmbeddings, H])), zero1, seqLen, axis0],
    'embeddings/position',
  );
  const summed = node('Add', [node('Add', [word, type], 'embeddings/word_plus_type'), positions], 'embeddings/sum');
  let hidden = layerNorm(summed, 'embeddings.LayerNorm', 'embeddings/output');

  // Additive attention mask: 0 where attention_mask is 1, float32 min where it is 0; [batch, 1, 1, sequence].
  const maskFloat = node('Cast', ['attention_mask'], 'mask/float', { to: { kind: 'int', value: ONNX_FLOAT } });
  const inverted = node('Sub', [one, maskFloat], 'mask/inverted');
  const additive = node('Unsqueeze', [node('Mul', [inverted, maskValue], 'mask/scaled'), maskAxes], 'mask/additive');

  for (let l = 0; l < config.numHiddenLayers; l += 1) {
    const p = `encoder.layer.${l}`;
    const q = linear(hidden, `${p}.attention.self.query`, H, H, `${p}/query`);
    const k = linear(hidden, `${p}.attention.self.key`, H, H, `${p}/key`);
    const v = linear(hidden, `${p}.attention.self.value`, H, H, `${p}/value`);
    const perm = (values: number[]): OnnxNode['attributes'] => ({ perm: { kind: 'ints', value: values } });
    const qh = node('Transpose', [node('Reshape', [q, splitHeads], `${p}/query_heads_flat`)], `${p}/query_heads`, perm([0, 2, 1, 3]));
    const kh = node('Transpose', [node('Reshape', [k, splitHeads], `${p}/key_heads_flat`)], `${p}/key_heads_t`, perm([0, 2, 3, 1]));
    const vh = node('Transpose', [node('Reshape', [v, splitHeads], `${p}/value_heads_flat`)], `${p}/value_heads`, perm([0, 2, 1, 3]));
    const scores = node('Div', [node('MatMul', [qh, kh], `${p}/scores_raw`), scoreScale], `${p}/scores_scaled`);
    const probs = node('Softmax', [node('Add', [scores, additive], `${p}/scores`)], `${p}/probs`, { axis: { kind: 'int', value: -1 } });
    const context = node('MatMul', [probs, vh], `${p}/context_heads`);
    const merged = node('Reshape', [node('Transpose', [context], `${p}/context_t`, perm([0, 2, 1, 3])), mergeHeads], `${p}/context`);
    const attnOut = linear(merged, `${p}.attention.output.dense`, H, H, `${p}/attention_dense`);
    const attn = layerNorm(node('Add', [attnOut, hidden], `${p}/attention_residual`), `${p}.attention.output.LayerNorm`, `${p}/attention_output`);
    const inter = linear(attn, `${p}.intermediate.dense`, H, config.intermediateSize, `${p}/intermediate_dense`);
    // Exact GELU: x · 0.5 · (1 + erf(x / √2)).
    const erf = node('Erf', [node('Div', [inter, sqrt2], `${p}/gelu_div`)], `${p}/gelu_erf`);
    const gelu = node('Mul', [node('Mul', [inter, node('Add', [erf, one], `${p}/gelu_add`)], `${p}/gelu_mul`), half], `${p}/gelu`);
    const out = linear(gelu, `${p}.output.dense`, config.intermediateSize, H, `${p}/output_dense`);
    const isLast = l === config.numHiddenLayers - 1;
    hidden = layerNorm(node('Add', [out, attn], `${p}/output_residual`), `${p}.output.LayerNorm`, isLast ? 'last_hidden_state' : `${p}/output`);
  }
  if (issues.length > 0) throw new ModelRuntimeWeightsInvalidError(issues);

  const tokens = (name: string) => ({ name, elemType: ONNX_INT64, shape: ['batch_size', 'sequence_length'] }) as const;
  return encodeOnnxModel({
    opsetVersion: BERT_ONNX_OPSET,
    producerName: 'embedding-studio/model-runtime bert-to-onnx',
    producerVersion: BERT_ONNX_CONVERTER_VERSION,
    graphName: 'bert_encoder',
    docString: `BERT encoder converted from ${provenance.modelId} safetensors; output is last_hidden_state (pool it yourself).`,
    nodes,
    initializers,
    inputs: [tokens('input_ids'), tokens('attention_mask'), tokens('token_type_ids')],
    outputs: [{ name: 'last_hidden_state', elemType: ONNX_FLOAT, shape: ['batch_size', 'sequence_length', H] }],
    metadata: {
      'source.model_id': provenance.modelId,
      'source.weights_sha256': provenance.weightsSha256,
      'converter.version': BERT_ONNX_CONVERTER_VERSION,
    },
  });
}

/** `[rows, cols]` row-major → `[cols, rows]` row-major. */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r += 1) {
    const base = r * cols;
    for (let c = 0; c < cols; c += 1) out[c * rows + r] = data[base + c] as number;
  }
  return out;
}
