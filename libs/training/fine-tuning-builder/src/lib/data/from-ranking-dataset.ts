import type { Item, RankingDataset, RankingExample } from '@embedding-studio/data-loaders';
import type { EmbeddingMatrix, EmbeddingModel } from '@embedding-studio/model-runtime';
import { FineTuningCancelledError, FineTuningEncoderFailedError } from '../../errors.js';
import type { TrainingData, TrainingExample, VectorTable } from './training-data.js';

/**
 * The embedding step of {@link toTrainingData}: base vectors of query texts and of items. The
 * product embeds texts with its encoder ({@link textItemEncoder}); the benchmark passes cached
 * vectors looked up by query text and item id.
 */
export interface DatasetEncoder<TItem = Item> {
  /** Named in errors and reports. */
  readonly id: string;
  readonly version: string;
  readonly dimension: number;
  /** Row `i` belongs to `texts[i]`. */
  embedQueries(texts: readonly string[]): Promise<EmbeddingMatrix>;
  /** Row `i` belongs to `items[i]`. */
  embedItems(items: readonly TItem[]): Promise<EmbeddingMatrix>;
}

/** A text encoder (e.g. model-runtime's ONNX encoder) as a {@link DatasetEncoder} of data-loaders' items: items are embedded by their `text`. */
export function textItemEncoder(model: Pick<EmbeddingModel, 'id' | 'version' | 'dimension' | 'embedQueries' | 'embedItems'>): DatasetEncoder<Item> {
  return {
    id: model.id,
    version: model.version,
    dimension: model.dimension,
    embedQueries: (texts) => model.embedQueries(texts),
    embedItems: (items) => model.embedItems(items.map((i) => i.text)),
  };
}

export interface ToTrainingDataOptions<TItem> {
  encoder: DatasetEncoder<TItem>;
  /**
   * Texts (or items) per encoder call.
   * @defaultValue 64
   */
  batchSize?: number;
  /** Checked before each encoder call; aborting raises `FINE_TUNING_CANCELLED`. */
  signal?: AbortSignal;
  /** Progress of the embedding step, 0..1, with a short message. */
  onProgress?: (fraction: number, message: string) => void;
}

/** What {@link toTrainingData} mapped. */
export interface ToTrainingDataReport {
  /** Training rows (query, clicked item) per epoch. */
  readonly trainRows: number;
  /** Train examples (an example whose positives carry different IPS weights counts once per positive). */
  readonly trainExamples: number;
  /** Test examples: with clicks, and irrelevant ones. */
  readonly testExamples: number;
  readonly testIrrelevant: number;
  /** Distinct query texts embedded. */
  readonly queries: number;
  /** Items embedded. */
  readonly items: number;
}

/**
 * data-loaders' {@link RankingDataset} → fine-tuning-builder's {@link TrainingData}, the one
 * mapping the default fine-tuning method and the benchmark share:
 *
 * - query ids are the query texts (one row per distinct text, so sessions of the same query
 *   never serve as each other's in-batch negatives);
 * - positives and negatives are item ids; an example whose positives carry different weights
 *   (IPS) becomes one example per positive with that weight, and weight 1 is left implicit;
 * - train = the train side's examples with clicks (irrelevant ones have no pair to learn
 *   from); test = the test side's examples with clicks, then its irrelevant ones (they measure
 *   `test_irrelevant_dist_shift`);
 * - vectors come from `encoder`, in batches, items in id order.
 *
 * @throws FineTuningCancelledError (`FINE_TUNING_CANCELLED`) when `signal` aborts.
 * @throws FineTuningEncoderFailedError (`FINE_TUNING_ENCODER_FAILED`) when the encoder returns the wrong shape or non-finite values.
 */
export async function toTrainingData<TItem>(
  dataset: RankingDataset<TItem>,
  options: ToTrainingDataOptions<TItem>,
): Promise<{ data: TrainingData; report: ToTrainingDataReport }> {
  const { encoder } = options;
  const batchSize = options.batchSize ?? 64;
  const trainSource = dataset.train.examples;
  const testSource = [...dataset.test.examples, ...dataset.test.irrelevant];
  const queryTexts = [...new Set([...trainSource, ...testSource].map((e) => e.query))];
  const itemIds = [...new Set([...trainSource, ...testSource].flatMap((e) => [...e.positives, ...e.negatives].map((r) => r.id)))].sort();
  const itemList = itemIds.map((id) => {
    const item = dataset.items.get(id);
    if (item === undefined) throw new FineTuningEncoderFailedError(encoder.id, `item ${JSON.stringify(id)} is referenced by an example but absent from dataset.items`);
    return item;
  });

  const total = queryTexts.length + itemList.length;
  let done = 0;
  const checkAbort = (): void => {
    if (options.signal?.aborted) {
      const r: unknown = options.signal.reason;
      throw new FineTuningCancelledError(0, r === undefined ? 'data preparation was aborted' : r instanceof Error ? r.message : String(r));
    }
  };
  const embedAll = async <T>(list: readonly T[], kind: 'queries' | 'items', embed: (batch: readonly T[]) => Promise<EmbeddingMatrix>): Promise<Float32Array> => {
    const d = encoder.dimension;
    const out = new Float32Array(list.length * d);
    for (let start = 0; start < list.length; start += batchSize) {
      checkAbort();
      const batch = list.slice(start, start + batchSize);
      const m = await embed(batch);
      checkMatrix(encoder, m, batch.length);
      out.set(m.data.subarray(0, batch.length * d), start * d);
      done += batch.length;
      options.onProgress?.(done / total, `embedded ${done} of ${total} texts (${kind})`);
    }
    return out;
  };
  const queryData = await embedAll(queryTexts, 'queries', (b) => encoder.embedQueries(b));
  const itemData = await embedAll(itemList, 'items', (b) => encoder.embedItems(b));
  checkAbort();

  const train = toTrainingExamples(trainSource);
  const test = toTrainingExamples(testSource);
  const queries: VectorTable = { ids: queryTexts, dimension: encoder.dimension, data: queryData };
  const items: VectorTable = { ids: itemIds, dimension: encoder.dimension, data: itemData };
  return {
    data: { train, test, queries, items },
    report: {
      trainRows: train.reduce((n, e) => n + ((e.weight ?? 1) > 0 ? e.positives.length : 0), 0),
      trainExamples: train.length,
      testExamples: dataset.test.examples.length,
      testIrrelevant: dataset.test.irrelevant.length,
      queries: queryTexts.length,
      items: itemIds.length,
    },
  };
}

/**
 * Ranking examples → training examples keyed by query text. An example whose positives carry
 * different weights becomes one example per positive.
 */
export function toTrainingExamples(examples: readonly RankingExample[]): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const e of examples) {
    const negatives = e.negatives.map((n) => n.id);
    const weights = new Set(e.positives.map((p) => p.weight));
    if (weights.size <= 1) {
      const weight = e.positives[0]?.weight ?? 1;
      out.push({ queryId: e.query, positives: e.positives.map((p) => p.id), negatives, ...(weight === 1 ? {} : { weight }) });
    } else {
      for (const p of e.positives) out.push({ queryId: e.query, positives: [p.id], negatives, ...(p.weight === 1 ? {} : { weight: p.weight }) });
    }
  }
  return out;
}

function checkMatrix(encoder: { id: string; dimension: number }, m: EmbeddingMatrix, expected: number): void {
  if (m.count !== expected || m.dimension !== encoder.dimension || m.data.length < expected * encoder.dimension) {
    throw new FineTuningEncoderFailedError(
      encoder.id,
      `expected ${expected} rows of ${encoder.dimension} values, got ${m.count} rows of ${m.dimension} (${m.data.length} values)`,
    );
  }
  for (let i = 0; i < expected * encoder.dimension; i++) {
    if (!Number.isFinite(m.data[i])) throw new FineTuningEncoderFailedError(encoder.id, `non-finite value at row ${Math.floor(i / encoder.dimension)}`);
  }
}
