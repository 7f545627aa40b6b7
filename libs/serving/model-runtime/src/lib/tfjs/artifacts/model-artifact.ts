import type { FieldIssue } from '@embedding-studio/errors';
import { isAppError } from '@embedding-studio/errors';
import { canonicalJson, sha256Hex, type JsonValue } from '@embedding-studio/primitives';
import { LinearAdapter, type LinearAdapterConfig } from '../adapters/linear-adapter.js';
import { LowRankResidualAdapter, type LowRankResidualAdapterConfig } from '../adapters/low-rank-residual-adapter.js';
import { HashedNgramEncoder, parseHashedNgramEncoderConfig, type HashedNgramEncoderConfig } from '../encoders/hashed-ngram-encoder.js';
import { ModelRuntimeArtifactHashMismatchError, ModelRuntimeInvalidArtifactError } from '../errors.js';
import {
  modelVersion,
  packWeights,
  readFloat32,
  sizeOfShape,
  type NamedWeight,
} from '../model/weights.js';

/** The `format` tag of every manifest written by {@link saveModelArtifact}. */
export const MODEL_ARTIFACT_FORMAT = 'embedding-studio/tfjs-model';
/** The manifest schema version this package writes and reads. */
export const MODEL_ARTIFACT_FORMAT_VERSION = 1;

/** Every model this entry can save and load, by `kind`. */
export interface TfjsModelByKind {
  'linear-adapter': LinearAdapter;
  'low-rank-residual-adapter': LowRankResidualAdapter;
  'hashed-ngram-encoder': HashedNgramEncoder;
}
export type TfjsModelKind = keyof TfjsModelByKind;
export type TfjsModel = TfjsModelByKind[TfjsModelKind];

export const TFJS_MODEL_KINDS: readonly TfjsModelKind[] = ['linear-adapter', 'low-rank-residual-adapter', 'hashed-ngram-encoder'];

/** Where one tensor lies in the weights bytes. */
export interface ModelArtifactTensor {
  name: string;
  shape: number[];
  dtype: 'float32';
  byteOffset: number;
  byteLength: number;
}

/**
 * The JSON half of an artifact (`model.json`): pure data, never code. `version` hashes kind,
 * config and `weights.sha256`, so an edited config is detected as well as edited weights.
 */
export interface ModelArtifactManifest {
  format: typeof MODEL_ARTIFACT_FORMAT;
  formatVersion: typeof MODEL_ARTIFACT_FORMAT_VERSION;
  kind: TfjsModelKind;
  /** Content version of the model (equals the loaded model's `version` / `contentHash()`). */
  version: string;
  config: { [key: string]: JsonValue };
  weights: {
    dtype: 'float32';
    byteOrder: 'little-endian';
    byteLength: number;
    /** sha256 (hex) of the weights bytes. */
    sha256: string;
    tensors: ModelArtifactTensor[];
  };
}

/** A saved model: the manifest plus the raw weights (`weights.bin`). */
export interface ModelArtifact {
  manifest: ModelArtifactManifest;
  weights: Uint8Array;
}

/**
 * Serialises an adapter or encoder as data: a JSON manifest (kind, config, tensor shapes,
 * dtype, sha256) and the little-endian float32 weights. Reading the current weights is
 * synchronous; the model stays usable.
 */
export function saveModelArtifact(model: TfjsModel): ModelArtifact {
  const named = model.getWeights();
  const config = model.getConfig() as { [key: string]: JsonValue };
  const weights = packWeights(named);
  const sha256 = sha256Hex(weights);
  let offset = 0;
  const tensors = named.map((w): ModelArtifactTensor => {
    const entry: ModelArtifactTensor = { name: w.name, shape: [...w.shape], dtype: 'float32', byteOffset: offset, byteLength: w.values.byteLength };
    offset += w.values.byteLength;
    return entry;
  });
  return {
    manifest: {
      format: MODEL_ARTIFACT_FORMAT,
      formatVersion: MODEL_ARTIFACT_FORMAT_VERSION,
      kind: model.kind,
      version: modelVersion(model.kind, config, sha256),
      config: JSON.parse(JSON.stringify(config)) as { [key: string]: JsonValue },
      weights: { dtype: 'float32', byteOrder: 'little-endian', byteLength: weights.byteLength, sha256, tensors },
    },
    weights,
  };
}

export interface LoadModelArtifactOptions<K extends TfjsModelKind> {
  /** Reject artifacts of another kind (with {@link ModelRuntimeInvalidArtifactError}). @defaultValue any kind */
  expectedKind?: K;
}

/**
 * Rebuilds a model from {@link saveModelArtifact}'s output (e.g. after `JSON.parse` of
 * `model.json`). Checks the manifest's structure, the sha256 of `weights` and the `version`
 * before creating any tensor.
 *
 * @throws ModelRuntimeInvalidArtifactError when the manifest is malformed or its config invalid.
 * @throws ModelRuntimeArtifactHashMismatchError when the weights or config were altered.
 */
export function loadModelArtifact<K extends TfjsModelKind = TfjsModelKind>(
  manifest: unknown,
  weights: Uint8Array,
  options: LoadModelArtifactOptions<K> = {},
): TfjsModelByKind[K] {
  const m = checkManifest(manifest, weights, options.expectedKind);
  const actualSha = sha256Hex(weights);
  if (actualSha !== m.weights.sha256) throw new ModelRuntimeArtifactHashMismatchError('weights.sha256', m.weights.sha256, actualSha);
  const actualVersion = modelVersion(m.kind, m.config, actualSha);
  if (actualVersion !== m.version) throw new ModelRuntimeArtifactHashMismatchError('version', m.version, actualVersion);
  const named: NamedWeight[] = m.weights.tensors.map((t) => ({
    name: t.name,
    shape: t.shape,
    values: readFloat32(weights, t.byteOffset, t.byteLength / 4),
  }));
  try {
    return build(m.kind, m.config, named, m.version) as TfjsModelByKind[K];
  } catch (error) {
    if (isAppError(error) && error.code === 'MODEL_RUNTIME_INVALID_OPTION') {
      const raw = typeof error.details['field'] === 'string' ? error.details['field'] : '';
      const field = raw.includes('weights') ? 'weights.tensors' : raw ? `config.${raw}` : 'config';
      throw new ModelRuntimeInvalidArtifactError([{ field, message: error.message }], { cause: error });
    }
    throw error;
  }
}

function build(kind: TfjsModelKind, config: { [key: string]: JsonValue }, weights: NamedWeight[], version: string): TfjsModel {
  switch (kind) {
    case 'linear-adapter':
      return new LinearAdapter(config as unknown as LinearAdapterConfig, weights);
    case 'low-rank-residual-adapter':
      return new LowRankResidualAdapter(config as unknown as LowRankResidualAdapterConfig, weights);
    case 'hashed-ngram-encoder': {
      const options = config as unknown as HashedNgramEncoderConfig;
      // The manifest version is the model's version only if no default had to be filled in.
      const complete = canonicalJson(parseHashedNgramEncoderConfig(options)) === canonicalJson(config);
      return new HashedNgramEncoder(options, weights, complete ? version : undefined);
    }
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isHex64 = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
/** Any Uint8Array, including a Node Buffer from another realm. */
const isBytes = (v: unknown): v is Uint8Array => Object.prototype.toString.call(v) === '[object Uint8Array]';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Structural validation of a manifest against the weights bytes; lists every problem. */
function checkManifest<K extends TfjsModelKind>(manifest: unknown, weights: Uint8Array, expectedKind: K | undefined): ModelArtifactManifest {
  const issues: FieldIssue[] = [];
  const fail = (): never => {
    throw new ModelRuntimeInvalidArtifactError(issues);
  };
  const bytesOk = isBytes(weights);
  if (!bytesOk) {
    issues.push({ field: 'weights', message: 'must be a Uint8Array (the contents of weights.bin)' });
  }
  if (!isRecord(manifest)) {
    issues.push({ field: 'manifest', message: 'must be a JSON object (the parsed model.json)' });
    return fail();
  }
  if (manifest['format'] !== MODEL_ARTIFACT_FORMAT) {
    issues.push({ field: 'format', message: `must be '${MODEL_ARTIFACT_FORMAT}', got ${JSON.stringify(manifest['format'])}` });
  }
  if (manifest['formatVersion'] !== MODEL_ARTIFACT_FORMAT_VERSION) {
    issues.push({
      field: 'formatVersion',
      message: `must be ${MODEL_ARTIFACT_FORMAT_VERSION} (this package's format), got ${JSON.stringify(manifest['formatVersion'])}; upgrade @embedding-studio/model-runtime to read newer artifacts`,
    });
  }
  const kind = manifest['kind'];
  if (typeof kind !== 'string' || !(TFJS_MODEL_KINDS as readonly string[]).includes(kind)) {
    issues.push({ field: 'kind', message: `must be one of ${TFJS_MODEL_KINDS.join(', ')}, got ${JSON.stringify(kind)}` });
  } else if (expectedKind !== undefined && kind !== expectedKind) {
    issues.push({ field: 'kind', message: `is '${kind}' but '${expectedKind}' was expected` });
  }
  if (!isHex64(manifest['version'])) issues.push({ field: 'version', message: 'must be a 64-digit lower-case hex sha256' });
  if (!isRecord(manifest['config'])) issues.push({ field: 'config', message: 'must be a JSON object' });
  const w = manifest['weights'];
  if (!isRecord(w)) {
    issues.push({ field: 'weights', message: 'must be an object describing weights.bin' });
    return fail();
  }
  if (w['dtype'] !== 'float32') issues.push({ field: 'weights.dtype', message: `must be 'float32', got ${JSON.stringify(w['dtype'])}` });
  if (w['byteOrder'] !== 'little-endian') issues.push({ field: 'weights.byteOrder', message: `must be 'little-endian', got ${JSON.stringify(w['byteOrder'])}` });
  if (!isHex64(w['sha256'])) issues.push({ field: 'weights.sha256', message: 'must be a 64-digit lower-case hex sha256' });
  if (!isCount(w['byteLength'])) {
    issues.push({ field: 'weights.byteLength', message: 'must be a non-negative integer' });
  } else if (bytesOk && w['byteLength'] !== weights.byteLength) {
    issues.push({ field: 'weights.byteLength', message: `is ${w['byteLength']} but the weights hold ${weights.byteLength} bytes (truncated or wrong file?)` });
  }
  const tensors = w['tensors'];
  if (!Array.isArray(tensors) || tensors.length === 0) {
    issues.push({ field: 'weights.tensors', message: 'must be a non-empty array' });
  } else {
    let expectedOffset = 0;
    const names = new Set<string>();
    tensors.forEach((t: unknown, i) => {
      const at = `weights.tensors.${i}`;
      if (!isRecord(t)) {
        issues.push({ field: at, message: 'must be an object' });
        return;
      }
      if (typeof t['name'] !== 'string' || t['name'] === '') issues.push({ field: `${at}.name`, message: 'must be a non-empty string' });
      else if (names.has(t['name'])) issues.push({ field: `${at}.name`, message: `duplicates '${t['name']}'` });
      else names.add(t['name']);
      if (t['dtype'] !== 'float32') issues.push({ field: `${at}.dtype`, message: `must be 'float32', got ${JSON.stringify(t['dtype'])}` });
      const shape = t['shape'];
      const shapeOk = Array.isArray(shape) && shape.every(isCount);
      if (!shapeOk) issues.push({ field: `${at}.shape`, message: 'must be an array of non-negative integers' });
      if (t['byteOffset'] !== expectedOffset) {
        issues.push({ field: `${at}.byteOffset`, message: `must be ${expectedOffset} (tensors are packed back to back), got ${JSON.stringify(t['byteOffset'])}` });
      }
      const length = t['byteLength'];
      if (!isCount(length) || (shapeOk && length !== sizeOfShape(shape as number[]) * 4)) {
        issues.push({ field: `${at}.byteLength`, message: 'must equal 4 × the number of elements of shape' });
      } else {
        expectedOffset += length;
      }
    });
    if (isCount(w['byteLength']) && issues.length === 0 && expectedOffset !== w['byteLength']) {
      issues.push({ field: 'weights.tensors', message: `cover ${expectedOffset} bytes but weights.byteLength is ${w['byteLength']}` });
    }
  }
  if (issues.length > 0) fail();
  return manifest as unknown as ModelArtifactManifest;
}
