import { createHash } from 'node:crypto';
import type { EmbeddingModel } from '@embedding-studio/model-runtime';
import { createVectorTable } from '../vectors/vector-table.js';
import type { VectorTable } from '../vectors/vector-table.js';
import { cacheFolder, readCachedMatrix, writeCachedMatrix } from './cache.js';
import { createProgressBar } from './progress.js';
import type { ProgressSink } from './progress.js';

export interface EmbedOptions {
  readonly model: EmbeddingModel;
  /** `items` for documents, `queries` for queries (asymmetric models embed them differently). */
  readonly side: 'items' | 'queries';
  readonly ids: readonly string[];
  readonly texts: readonly string[];
  /** Cache root; no caching when undefined. */
  readonly cacheRoot?: string;
  readonly corpusSha: string;
  /** File stem inside the cache folder, e.g. `corpus` or `queries` (a hash of the texts is appended). */
  readonly name: string;
  /** Texts per model call. @defaultValue 64 */
  readonly batchSize?: number;
  readonly progress?: ProgressSink;
}

export interface EmbedResult {
  readonly table: VectorTable;
  readonly seconds: number;
  readonly cached: boolean;
}

function textsSha(ids: readonly string[], texts: readonly string[]): string {
  const h = createHash('sha256');
  ids.forEach((id, i) => h.update(id).update('\u0000').update(texts[i] ?? '').update('\u0001'));
  return h.digest('hex');
}

/**
 * Embeds texts with the base model, reading and writing the cache keyed by model sha +
 * corpus sha (+ a hash of the texts). Rows are L2-normalised. Progress goes to `progress`.
 */
export async function embedWithCache(options: EmbedOptions): Promise<EmbedResult> {
  const { model, ids, texts } = options;
  const started = Date.now();
  const tsha = textsSha(ids, texts);
  const folder = options.cacheRoot ? cacheFolder(options.cacheRoot, model.version, options.corpusSha) : undefined;
  if (folder) {
    const hit = readCachedMatrix(folder, `${options.name}-${tsha.slice(0, 12)}`, { ids, textsSha: tsha });
    if (hit && hit.meta.dimension === model.dimension) {
      return { table: createVectorTable(ids, hit.data, hit.meta.dimension), seconds: (Date.now() - started) / 1000, cached: true };
    }
  }
  const batch = options.batchSize ?? 64;
  const d = model.dimension;
  const data = new Float32Array(ids.length * d);
  const bar = options.progress ? createProgressBar(`embedding ${options.name}`, ids.length, options.progress) : undefined;
  for (let start = 0; start < texts.length; start += batch) {
    const chunk = texts.slice(start, start + batch);
    const m = options.side === 'items' ? await model.embedItems(chunk) : await model.embedQueries(chunk);
    if (m.dimension !== d || m.count !== chunk.length) {
      throw new RangeError(`model returned ${m.count}×${m.dimension} for ${chunk.length} texts of dimension ${d}`);
    }
    data.set(m.data, start * d);
    bar?.update(Math.min(texts.length, start + chunk.length));
  }
  bar?.done();
  const table = createVectorTable(ids, data, d);
  if (folder) {
    writeCachedMatrix(folder, `${options.name}-${tsha.slice(0, 12)}`, table.data, {
      model_id: model.id,
      model_sha: model.version,
      corpus_sha: options.corpusSha,
      ids: [...ids],
      dimension: d,
      texts_sha: tsha,
    });
  }
  return { table, seconds: (Date.now() - started) / 1000, cached: false };
}
