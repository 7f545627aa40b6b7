import type { EmbeddingMatrix, EmbeddingModel } from '../../embedding-model.js';
import { ModelRuntimeDimensionMismatchError, ModelRuntimeInvalidOptionError, ModelRuntimeModelDisposedError } from '../errors.js';
import { sha256Hex } from '@embedding-studio/primitives';
import type { EmbeddingAdapter } from './embedding-adapter.js';

export interface AdaptedEmbeddingModelOptions {
  /** The encoder whose vectors the adapters transform. */
  base: EmbeddingModel;
  /**
   * Adapters, each placed by its `side`: at most one covering queries and one covering items
   * (a `both` adapter covers the two). An empty list gives the base model unchanged.
   */
  adapters: readonly EmbeddingAdapter[];
  /** Whether `dispose()` also disposes the base model. @defaultValue true */
  disposeBase?: boolean;
}

/**
 * An {@link EmbeddingModel} made of a base model and query/item adapters. `id` names the base
 * and the adapter kinds; `version` hashes the base version with the adapters' content hashes
 * **at construction** — after training an adapter further, wrap it again to get a new version.
 *
 * With only a query-side adapter, `embedItems` returns the base vectors untouched, so an index
 * built with the base model stays valid.
 */
export class AdaptedEmbeddingModel implements EmbeddingModel {
  readonly id: string;
  readonly version: string;
  readonly dimension: number;
  readonly base: EmbeddingModel;
  readonly queryAdapter: EmbeddingAdapter | undefined;
  readonly itemAdapter: EmbeddingAdapter | undefined;
  private readonly disposeBase: boolean;
  private disposed = false;

  constructor(options: AdaptedEmbeddingModelOptions) {
    const { base, adapters } = options;
    this.base = base;
    this.disposeBase = options.disposeBase ?? true;
    let query: EmbeddingAdapter | undefined;
    let item: EmbeddingAdapter | undefined;
    for (const [i, adapter] of adapters.entries()) {
      if (adapter.disposed) throw new ModelRuntimeModelDisposedError(`adapters[${i}] (${adapter.kind})`);
      if (adapter.inputDimension !== base.dimension) {
        throw new ModelRuntimeDimensionMismatchError(
          `adapters[${i}].inputDimension`,
          base.dimension,
          adapter.inputDimension,
          `the adapter must take the ${base.dimension}-d vectors of ${base.id}.`,
        );
      }
      if (adapter.side !== 'item') {
        if (query) throw new ModelRuntimeInvalidOptionError('adapters', `more than one adapter covers queries (adapters[${i}] has side '${adapter.side}'); pass one per side.`);
        query = adapter;
      }
      if (adapter.side !== 'query') {
        if (item) throw new ModelRuntimeInvalidOptionError('adapters', `more than one adapter covers items (adapters[${i}] has side '${adapter.side}'); pass one per side.`);
        item = adapter;
      }
    }
    const queryDim = query?.outputDimension ?? base.dimension;
    const itemDim = item?.outputDimension ?? base.dimension;
    if (queryDim !== itemDim) {
      throw new ModelRuntimeDimensionMismatchError(
        'adapters',
        itemDim,
        queryDim,
        'query and item vectors must end in the same dimension to be compared; give both sides adapters with the same outputDimension.',
      );
    }
    this.queryAdapter = query;
    this.itemAdapter = item;
    this.dimension = queryDim;
    const suffix =
      query && query === item
        ? `both:${query.kind}`
        : [query ? `query:${query.kind}` : '', item ? `item:${item.kind}` : ''].filter((p) => p !== '').join(',');
    this.id = suffix ? `${base.id}+${suffix}` : base.id;
    this.version = suffix
      ? sha256Hex(
          JSON.stringify({
            base: { id: base.id, version: base.version },
            query: query?.contentHash() ?? null,
            item: item?.contentHash() ?? null,
          }),
        )
      : base.version;
  }

  async embedQueries(texts: readonly string[]): Promise<EmbeddingMatrix> {
    this.assertUsable();
    const vectors = await this.base.embedQueries(texts);
    return this.queryAdapter ? this.queryAdapter.apply(vectors) : vectors;
  }

  async embedItems(texts: readonly string[]): Promise<EmbeddingMatrix> {
    this.assertUsable();
    const vectors = await this.base.embedItems(texts);
    return this.itemAdapter ? this.itemAdapter.apply(vectors) : vectors;
  }

  /** Disposes the adapters and (unless `disposeBase: false`) the base model. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.queryAdapter?.dispose();
    this.itemAdapter?.dispose();
    if (this.disposeBase) await this.base.dispose();
  }

  private assertUsable(): void {
    if (this.disposed) throw new ModelRuntimeModelDisposedError(`AdaptedEmbeddingModel ${this.id}`);
  }
}
