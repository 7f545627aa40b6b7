import * as tf from '@tensorflow/tfjs';
import { FineTuningInvalidOptionError, FineTuningUnknownParameterGroupError } from '../../errors.js';
import type { IndexedData, TextTable, VectorTable } from '../data/training-data.js';
import type { TrainableModel, TrainableTextModel, TrainableVectorModel } from '../ports/ports.js';

/** Rows divided by their L2 norm (a zero row stays zero). */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), 1, true), tf.scalar(1e-12)))) as tf.Tensor2D);
}

/**
 * The vectors of a training's data, prepared once per `runTraining` and shared by its trials:
 * raw rows for sides a model transforms, L2-normalised rows for the other side. Rows are
 * gathered in JavaScript (a `tf.gather` on a large table is slow on wasm and needs no gradient
 * here, since the data is constant).
 */
export interface DataTensors {
  readonly dimension: number;
  readonly queries: Float32Array | null;
  readonly items: Float32Array | null;
  readonly normalizedQueries: Float32Array | null;
  readonly normalizedItems: Float32Array | null;
  dispose(): void;
}

function normalizedCopy(data: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < data.length; r += dim) {
    let n = 0;
    for (let j = 0; j < dim; j++) n += (data[r + j] as number) ** 2;
    const inv = 1 / Math.sqrt(Math.max(n, 1e-12));
    for (let j = 0; j < dim; j++) out[r + j] = (data[r + j] as number) * inv;
  }
  return out;
}

/** Copies the given rows of a row-major table. */
export function gatherRows(table: Float32Array, dim: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * dim);
  for (let i = 0; i < rows.length; i++) {
    const from = (rows[i] as number) * dim;
    out.set(table.subarray(from, from + dim), i * dim);
  }
  return out;
}

export function createDataTensors(data: IndexedData): DataTensors {
  if (data.input === 'texts') {
    return { dimension: 0, queries: null, items: null, normalizedQueries: null, normalizedItems: null, dispose: () => undefined };
  }
  const q = data.queries.table as VectorTable;
  const i = data.items.table as VectorTable;
  return {
    dimension: q.dimension,
    queries: q.data,
    items: i.data,
    normalizedQueries: normalizedCopy(q.data, q.dimension),
    normalizedItems: normalizedCopy(i.data, i.dimension),
    dispose: () => undefined,
  };
}

/** Differentiable, L2-normalised embeddings of table rows. */
export interface Towers {
  queries(rows: Int32Array): tf.Tensor2D;
  items(rows: Int32Array): tf.Tensor2D;
  /** Whether the items' embeddings change with training (false for query-side adapters). */
  readonly itemsTrainable: boolean;
  /** For a side the model does not change: its normalised rows, without tensors. */
  readonly fixedQueries?: (rows: Int32Array) => Float32Array;
  readonly fixedItems?: (rows: Int32Array) => Float32Array;
}

function isVectorModel(model: TrainableModel): model is TrainableVectorModel {
  return typeof (model as Partial<TrainableVectorModel>).side === 'string' && typeof (model as Partial<TrainableVectorModel>).inputDimension === 'number';
}

/**
 * Binds a model to the data: vector models (adapters) transform the side(s) they are built
 * for; text models embed both queries and items.
 *
 * @throws FineTuningInvalidOptionError when the model does not fit the data.
 */
export function createTowers(model: TrainableModel, data: IndexedData, tensors: DataTensors): Towers {
  if (data.input === 'vectors') {
    if (!isVectorModel(model)) {
      throw new FineTuningInvalidOptionError('model', `(${model.kind}) embeds texts, but the data holds vectors; train an adapter (linear-adapter, low-rank-residual-adapter) on vectors or pass texts.`);
    }
    if (model.inputDimension !== data.dimension) {
      throw new FineTuningInvalidOptionError('model', `expects ${model.inputDimension}-d vectors but the data holds ${String(data.dimension)}-d vectors.`);
    }
    const vectorModel = model;
    const dim = tensors.dimension;
    const outputDimension = (model as { outputDimension?: unknown }).outputDimension;
    if (vectorModel.side !== 'both' && typeof outputDimension === 'number' && outputDimension !== dim) {
      throw new FineTuningInvalidOptionError(
        'model',
        `maps ${dim}-d vectors to ${outputDimension}-d on the ${vectorModel.side} side only, so queries and items would live in different spaces; use side 'both' or keep outputDimension = ${dim}.`,
      );
    }
    const onQueries = vectorModel.side !== 'item';
    const onItems = vectorModel.side !== 'query';
    const trained = (raw: Float32Array) => (rows: Int32Array) =>
      tf.tidy(() => l2Normalize(vectorModel.forward(tf.tensor2d(gatherRows(raw, dim, rows), [rows.length, dim], 'float32'))));
    const fixed = (normalized: Float32Array) => (rows: Int32Array) => gatherRows(normalized, dim, rows);
    const asTensor = (f: (rows: Int32Array) => Float32Array) => (rows: Int32Array) => tf.tensor2d(f(rows), [rows.length, dim], 'float32');
    const fixedQueries = fixed(tensors.normalizedQueries as Float32Array);
    const fixedItems = fixed(tensors.normalizedItems as Float32Array);
    return {
      queries: onQueries ? trained(tensors.queries as Float32Array) : asTensor(fixedQueries),
      items: onItems ? trained(tensors.items as Float32Array) : asTensor(fixedItems),
      itemsTrainable: onItems,
      ...(onQueries ? {} : { fixedQueries }),
      ...(onItems ? {} : { fixedItems }),
    };
  }
  const textModel = model as TrainableTextModel;
  if (isVectorModel(model) || typeof textModel.forward !== 'function') {
    throw new FineTuningInvalidOptionError('model', `(${model.kind}) transforms vectors, but the data holds texts; use a text encoder (hashed-ngram-encoder) or pass vectors.`);
  }
  const queryTexts = (data.queries.table as TextTable).texts;
  const itemTexts = (data.items.table as TextTable).texts;
  const tower = (texts: readonly string[]) => (rows: Int32Array) =>
    tf.tidy(() => l2Normalize(textModel.forward(Array.from(rows, (r) => texts[r] as string))));
  return { queries: tower(queryTexts), items: tower(itemTexts), itemsTrainable: true };
}

/** A model's variables with the names of their parameter groups. */
export interface NamedVariable {
  readonly name: string;
  readonly variable: tf.Variable;
}

/**
 * Pairs `trainableVariables` with the names from `getWeights()` and splits off the frozen ones.
 *
 * @throws FineTuningUnknownParameterGroupError when `frozen` names a group the model lacks.
 */
export function splitFrozen(model: TrainableModel, frozen: readonly string[]): { trainable: NamedVariable[]; frozen: NamedVariable[] } {
  const variables = model.trainableVariables;
  const weights = model.getWeights();
  if (weights.length !== variables.length) {
    throw new FineTuningInvalidOptionError('model', `reports ${weights.length} named weights but ${variables.length} trainable variables; getWeights() must list the variables in order.`);
  }
  const named = variables.map((variable, i) => {
    const w = weights[i] as (typeof weights)[number];
    if (w.shape.length !== variable.shape.length || w.shape.some((d, j) => d !== variable.shape[j])) {
      throw new FineTuningInvalidOptionError('model', `weight ${JSON.stringify(w.name)} has shape [${w.shape.join(', ')}] but variable ${i} has [${variable.shape.join(', ')}].`);
    }
    return { name: w.name, variable };
  });
  const known = named.map((n) => n.name);
  const unknown = frozen.filter((f) => !known.includes(f));
  if (unknown.length > 0) throw new FineTuningUnknownParameterGroupError(unknown, known, model.kind);
  return { trainable: named.filter((n) => !frozen.includes(n.name)), frozen: named.filter((n) => frozen.includes(n.name)) };
}
