// The models of `@embedding-studio/model-runtime/tfjs` (identity-initialised adapters, the hashed
// n-gram encoder, JSON + weights artifacts with sha256) are the models this package trains by
// default. That entry is tfjs-only and does no I/O, so the feature lib uses it directly; every
// other use goes through the ModelProvider port.
import {
  HashedNgramEncoder,
  LinearAdapter,
  LowRankResidualAdapter,
  TFJS_MODEL_KINDS,
  loadModelArtifact,
  saveModelArtifact,
  type TfjsModel,
} from '@embedding-studio/model-runtime/tfjs';
import { FineTuningInvalidOptionError } from '../../errors.js';
import type { ModelSpec } from '../plan/training-plan.js';
import type { ModelArtifactData, ModelCreateContext, ModelProvider, TrainableModel } from '../ports/ports.js';

function needDimension(context: ModelCreateContext, kind: string): number {
  if (context.inputDimension === null) {
    throw new FineTuningInvalidOptionError('model', `(${kind}) transforms vectors, but the data holds texts; pass query and item vectors, or use the hashed-ngram-encoder.`);
  }
  return context.inputDimension;
}

/**
 * The default {@link ModelProvider}: builds `linear-adapter`, `low-rank-residual-adapter` and
 * `hashed-ngram-encoder` models of `@embedding-studio/model-runtime/tfjs`, and saves / loads
 * them as its sha256-checked artifacts.
 */
export function createTfjsModelProvider(): ModelProvider {
  return {
    create(spec: ModelSpec, context: ModelCreateContext): TrainableModel {
      switch (spec.kind) {
        case 'linear-adapter': {
          const inputDimension = needDimension(context, spec.kind);
          return new LinearAdapter({
            inputDimension,
            ...(spec.outputDimension === null ? {} : { outputDimension: spec.outputDimension }),
            side: spec.side,
            normalize: false,
          });
        }
        case 'low-rank-residual-adapter': {
          const dimension = needDimension(context, spec.kind);
          return new LowRankResidualAdapter({ dimension, rank: Math.min(spec.rank, dimension), side: spec.side, normalize: false, seed: context.seed });
        }
        case 'hashed-ngram-encoder':
          if (context.inputDimension !== null) {
            throw new FineTuningInvalidOptionError('model', '(hashed-ngram-encoder) embeds texts, but the data holds vectors; pass query and item texts, or train an adapter.');
          }
          return new HashedNgramEncoder({ dimension: spec.dimension, buckets: spec.buckets, seed: context.seed });
      }
    },
    load(artifact: ModelArtifactData): TrainableModel {
      return loadModelArtifact(artifact.manifest, artifact.weights);
    },
    save(model: TrainableModel): ModelArtifactData {
      if (!(TFJS_MODEL_KINDS as readonly string[]).includes(model.kind)) {
        throw new FineTuningInvalidOptionError('model', `(${model.kind}) is not a model-runtime tfjs model; pass a ModelProvider that can save it.`);
      }
      return saveModelArtifact(model as TfjsModel);
    },
  };
}
