import { createRng, sampleWithoutReplacement } from '@embedding-studio/random';
import type { TrainingData, TrainingExample, VectorTable } from '../data/training-data.js';
import { FineTuningBuilder } from '../plan/fine-tuning-builder.js';
import type { TrainingPlan } from '../plan/training-plan.js';
import type { ArtifactWriter, BestModelInfo, ModelArtifactData, RunStartInfo, RunStatus, RunTracker } from '../ports/ports.js';

export interface PlantedPermutationOptions {
  /** @defaultValue 1 */
  seed?: number;
  /** Vector dimension. @defaultValue 16 */
  dimension?: number;
  /** Items in the corpus. @defaultValue 200 */
  items?: number;
  /** Queries in the train split. @defaultValue 300 */
  trainQueries?: number;
  /** Queries in the test split. @defaultValue 100 */
  testQueries?: number;
  /** Clicked items per query (the first is the planted target, others are near it). @defaultValue 1 */
  positives?: number;
  /** Shown-but-not-clicked items per query. @defaultValue 8 */
  negatives?: number;
  /** Standard deviation of the noise added to each query. @defaultValue 0.05 */
  noise?: number;
  /** Test sessions without clicks (irrelevant sessions). @defaultValue 0 */
  irrelevantTestQueries?: number;
}

export interface PlantedPermutationData extends TrainingData {
  /** The planted coordinate permutation: query coordinate `i` holds item coordinate `permutation[i]`. */
  readonly permutation: readonly number[];
}

function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / n;
  return v;
}

/**
 * Synthetic vectors with a planted structure: each query is its clicked item's vector with the
 * coordinates permuted (plus noise). The base similarity of a query to its clicked item is near
 * zero; a query-side linear adapter can learn the inverse permutation, so training should
 * raise DistanceShift, nDCG and MRR on the test split.
 */
export function plantedPermutationData(options: PlantedPermutationOptions = {}): PlantedPermutationData {
  const rng = createRng(options.seed ?? 1);
  const d = options.dimension ?? 16;
  const nItems = options.items ?? 200;
  const nNeg = options.negatives ?? 8;
  const nPos = options.positives ?? 1;
  const noise = options.noise ?? 0.05;
  const itemData = new Float32Array(nItems * d);
  for (let i = 0; i < nItems; i++) {
    const v = new Float32Array(d);
    for (let j = 0; j < d; j++) v[j] = rng.normal();
    itemData.set(unit(v), i * d);
  }
  const permutation = sampleWithoutReplacement(
    Array.from({ length: d }, (_, i) => i),
    d,
    rng,
  );
  const itemIds = Array.from({ length: nItems }, (_, i) => `item-${i}`);
  const queryIds: string[] = [];
  const queryRows: number[] = [];
  const makeExamples = (count: number, prefix: string, clicked: boolean): TrainingExample[] =>
    Array.from({ length: count }, (_, k) => {
      const shown = sampleWithoutReplacement(
        Array.from({ length: nItems }, (_, i) => i),
        nPos + nNeg,
        rng,
      );
      const target = shown[0] as number;
      const q = new Float32Array(d);
      for (let j = 0; j < d; j++) q[j] = (itemData[target * d + (permutation[j] as number)] as number) + noise * rng.normal();
      unit(q);
      const id = `${prefix}-${k}`;
      queryIds.push(id);
      queryRows.push(...q);
      const ids = shown.map((i) => itemIds[i] as string);
      return clicked ? { queryId: id, positives: ids.slice(0, nPos), negatives: ids.slice(nPos) } : { queryId: id, positives: [], negatives: ids };
    });
  const train = makeExamples(options.trainQueries ?? 300, 'train', true);
  const test = [...makeExamples(options.testQueries ?? 100, 'test', true), ...makeExamples(options.irrelevantTestQueries ?? 0, 'irrelevant', false)];
  const queries: VectorTable = { ids: queryIds, dimension: d, data: Float32Array.from(queryRows) };
  const items: VectorTable = { ids: itemIds, dimension: d, data: itemData };
  return { train, test, queries, items, permutation };
}

/** A small, fast, valid plan for tests: query-side linear adapter, Adam, 3 epochs, seed 7. */
export function aTrainingPlan(customise: (b: FineTuningBuilder) => FineTuningBuilder = (b) => b): TrainingPlan {
  const base = FineTuningBuilder.create().linearAdapter().probMarginLoss({ margin: 0.1 }).adam({ learningRate: 0.01 }).epochs(3).batchSize(32).seed(7);
  return customise(base).build();
}

/** Named float32 weights of an artifact (decoded from its manifest's tensor table). */
export function readArtifactWeights(artifact: ModelArtifactData): Record<string, Float32Array> {
  const manifest = artifact.manifest as unknown as { weights: { tensors: { name: string; byteOffset: number; byteLength: number }[] } };
  const out: Record<string, Float32Array> = {};
  for (const t of manifest.weights.tensors) {
    const copy = artifact.weights.slice(t.byteOffset, t.byteOffset + t.byteLength);
    out[t.name] = new Float32Array(copy.buffer, copy.byteOffset, t.byteLength / 4);
  }
  return out;
}

/** One call received by {@link createMemoryRunTracker}. */
export type TrackerCall =
  | { readonly op: 'startRun'; readonly info: RunStartInfo }
  | { readonly op: 'logMetric'; readonly name: string; readonly value: number; readonly step: number }
  | { readonly op: 'finishRun'; readonly status: RunStatus; readonly bestMetric: number | null };

/** A {@link RunTracker} that records every call in order. */
export function createMemoryRunTracker(): RunTracker & { readonly calls: TrackerCall[] } {
  const calls: TrackerCall[] = [];
  return {
    calls,
    startRun(info) {
      calls.push({ op: 'startRun', info });
    },
    logMetric(name, value, step) {
      calls.push({ op: 'logMetric', name, value, step });
    },
    finishRun(status, bestMetric) {
      calls.push({ op: 'finishRun', status, bestMetric });
    },
  };
}

/** An {@link ArtifactWriter} that keeps what it was given and returns `memory://best/<n>`. */
export function createMemoryArtifactWriter(): ArtifactWriter & { readonly written: BestModelInfo[] } {
  const written: BestModelInfo[] = [];
  return {
    written,
    writeBestModel(info) {
      written.push(info);
      return `memory://best/${written.length}`;
    },
  };
}

