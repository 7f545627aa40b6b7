// The candidate ranker over the search layer's ports: the candidate is a query adapter applied
// to the active profile's encoder, scored against the vectors already in its physical collection.
import {
  SearchCollectionNotFoundError,
  SearchModelNotDeployableError,
  SearchModelNotFoundError,
  type DeployableModelSource,
  type EncoderProvider,
  type QueryAdapterLoader,
  type SearchCatalogStore,
  type SearchProfile,
} from '@embedding-studio/search-core';
import type { VectorIndex } from '@embedding-studio/vector-index';
import type { CandidateRanker } from './ports.js';

export interface AdapterCandidateRankerOptions {
  catalog: Pick<SearchCatalogStore, 'activeProfile'>;
  encoders: EncoderProvider;
  adapters: QueryAdapterLoader;
  index: Pick<VectorIndex, 'get'>;
  models: DeployableModelSource;
  /** Queries embedded per encoder call. @defaultValue 64 */
  batchSize?: number;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

export function createAdapterCandidateRanker(options: AdapterCandidateRankerOptions): CandidateRanker {
  const { catalog, encoders, adapters, index, models } = options;
  const batchSize = options.batchSize ?? 64;

  const open = async (collection: string, modelId: string) => {
    const profile: SearchProfile | undefined = await catalog.activeProfile(collection);
    if (!profile) throw new SearchCollectionNotFoundError(collection);
    const model = await models.get(modelId);
    if (!model) throw new SearchModelNotFoundError(modelId);
    const encoder = await encoders.open(profile.encoder);
    const adapter = await adapters.load({ model_id: model.model_id, artifact_key: model.artifact_key });
    if (adapter.inputDimension !== encoder.dimension || adapter.outputDimension !== encoder.dimension) {
      throw new SearchModelNotDeployableError(modelId, `it maps ${adapter.inputDimension} → ${adapter.outputDimension} dimensions, but ${profile.encoder} vectors have ${encoder.dimension}`);
    }
    return { profile, model, encoder, adapter };
  };

  return {
    async check(collection, modelId) {
      const { profile, model } = await open(collection, modelId);
      return { control_version: profile.version, artifact_key: model.artifact_key };
    },
    async rerank(collection, modelId, lists) {
      const { profile, encoder, adapter } = await open(collection, modelId);
      const out: string[][] = [];
      for (let start = 0; start < lists.length; start += batchSize) {
        const batch = lists.slice(start, start + batchSize);
        const queries = await encoder.embedQueries(batch.map((l) => l.query));
        const ids = [...new Set(batch.flatMap((l) => l.object_ids))];
        const docs = await index.get(profile.target, ids, { withVectors: true });
        const vectors = new Map(docs.flatMap((d) => (d.vectors[profile.slot] ? [[d.id, d.vectors[profile.slot] as Float32Array] as const] : [])));
        batch.forEach((list, i) => {
          const q = adapter.apply(queries.data.slice(i * queries.dimension, (i + 1) * queries.dimension));
          const scored = list.object_ids.map((id, j) => {
            const v = vectors.get(id);
            return { id, j, s: v ? cosine(q, v) : -Infinity };
          });
          scored.sort((a, b) => b.s - a.s || a.j - b.j);
          out.push(scored.map((x) => x.id));
        });
      }
      return out;
    },
  };
}
