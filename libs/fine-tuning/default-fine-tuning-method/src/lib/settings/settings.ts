import { EnvList, EnvNumber, EnvString, loadConfig } from '@embedding-studio/config';
import type { Item, ItemLoader } from '@embedding-studio/data-loaders';
import type { DatasetEncoder } from '@embedding-studio/fine-tuning-builder';
import type { EmbeddingModel } from '@embedding-studio/model-runtime';
import { ArrayNotEmpty, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { DefaultMethodInvalidOptionError } from '../../errors.js';

/** The default base model (registry name of `@embedding-studio/model-runtime`). */
export const DEFAULT_METHOD_MODEL = 'all-minilm-l6-v2';

const FIELD_PATH = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/;
const MODEL_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/i;

/**
 * The environment variables of the default method, read once when the plugin loader
 * instantiates it with no arguments (see {@link loadDefaultMethodSettings}).
 */
export class DefaultMethodEnv {
  /** Result-meta fields joined (with a space) into an item's text, e.g. `title,text`. */
  @EnvList()
  @ArrayNotEmpty({ message: 'must list at least one meta field, comma-separated (e.g. title,text)' })
  @Matches(FIELD_PATH, { each: true, message: 'must be comma-separated field names or dotted paths (e.g. title,text or payload.title)' })
  ES_DEFAULT_METHOD_TEXT_FIELDS: string[] = ['text'];

  /** A local JSONL file (`{"_id"|"id", ...fields}` per line) to read item texts from instead of result meta. */
  @EnvString() @IsOptional() @IsString() ES_DEFAULT_METHOD_ITEMS_FILE?: string;

  /** Base model: a name of the model-runtime registry, or a folder name in the models cache. */
  @EnvString()
  @Matches(MODEL_NAME, { message: 'must be a model name such as all-minilm-l6-v2 (letters, digits, . _ -)' })
  ES_DEFAULT_METHOD_MODEL = DEFAULT_METHOD_MODEL;

  /** Models cache root; unset uses model-runtime's default (`ES_MODELS_CACHE`, else ~/.cache/embedding-studio/models). */
  @EnvString() @IsOptional() @IsString() ES_MODELS_CACHE_DIR?: string;

  /** Trials of the hyperparameter search per fine-tuning iteration. */
  @EnvNumber()
  @IsInt({ message: 'must be a whole number of search trials, e.g. 3' })
  @Min(1, { message: 'must be at least 1 (one training run)' })
  @Max(100, { message: 'must be at most 100; each trial is a full training run' })
  ES_DEFAULT_METHOD_MAX_EVALS = 1;

  /** Training epochs per trial. */
  @EnvNumber()
  @IsInt({ message: 'must be a whole number of epochs, e.g. 5' })
  @Min(1, { message: 'must be at least 1' })
  @Max(1000, { message: 'must be at most 1000' })
  ES_DEFAULT_METHOD_EPOCHS = 5;

  /** Seed of sampling, the split, shuffling and the search. */
  @EnvNumber()
  @IsInt({ message: 'must be a whole number, e.g. 42' })
  @Min(0, { message: 'must be ≥ 0' })
  @Max(2 ** 31 - 1, { message: 'must be below 2^31' })
  ES_DEFAULT_METHOD_SEED = 42;

  /** 0: the full query-side linear adapter; R > 0: a low-rank residual adapter `y = x + x·A·B` of rank R. */
  @EnvNumber()
  @IsInt({ message: 'must be a whole number: 0 for the full linear adapter, or a rank such as 8' })
  @Min(0, { message: 'must be ≥ 0' })
  @Max(1024, { message: 'must be at most 1024' })
  ES_DEFAULT_METHOD_ADAPTER_RANK = 0;
}

/** Options of {@link DefaultFineTuningMethod}; with no options at all it reads {@link DefaultMethodEnv}. */
export interface DefaultFineTuningMethodOptions {
  /**
   * Fields of each search result's `meta` joined with a space into the item's text; dotted
   * paths reach nested objects. Ignored when `itemsFile` is set.
   * @defaultValue ['text']
   */
  textFields?: readonly string[];
  /**
   * A local JSONL file of items (`{"_id"|"id": ..., <textFields>...}` per line) read instead of
   * the result meta; its texts come from `textFields` too.
   * @defaultValue none (texts come from result meta)
   */
  itemsFile?: string;
  /**
   * Base model name (registry name, or a folder of `modelsCacheDir`).
   * @defaultValue 'all-minilm-l6-v2'
   */
  model?: string;
  /**
   * Root of the models cache; the model is read from `<modelsCacheDir>/<model>/`.
   * @defaultValue model-runtime's `resolveModelsCacheDir` (`ES_MODELS_CACHE`, else `~/.cache/embedding-studio/models`)
   */
  modelsCacheDir?: string;
  /**
   * Trials of the hyperparameter search; the first uses the benchmark's best parameters.
   * @defaultValue 1
   */
  maxEvals?: number;
  /**
   * Epochs per trial, at most (early stopping may end sooner).
   * @defaultValue 5
   */
  epochs?: number;
  /**
   * Seed of negative sampling, the split, batch shuffling and the search.
   * @defaultValue 42
   */
  seed?: number;
  /**
   * The query-side adapter: 0 trains the full linear map `y = x·W + b`; R > 0 a low-rank
   * residual adapter `y = x + x·A·B` of rank R (capped at the dimension), identity at start and
   * without a bias: fewer numbers to memorise clicked documents with (docs/benchmarks/README.md
   * compares both on unseen queries).
   * @defaultValue 0
   */
  adapterRank?: number;
  /**
   * The encoder that embeds queries and items (tests pass a small deterministic one). When
   * absent, an ONNX encoder is created on first use from the cached model files.
   * @defaultValue the cached `model`, loaded lazily
   */
  encoder?: EmbeddingModel;
  /**
   * Embeds the prepared dataset instead of `encoder` (e.g. precomputed vectors looked up by
   * query text and item id, as the benchmark does). When set, no model file is opened.
   * @defaultValue `encoder` over the item texts
   */
  vectors?: DatasetEncoder<Item>;
  /**
   * Where item texts come from instead of `textFields` / `itemsFile` (e.g. a catalogue in memory).
   * @defaultValue result meta (`textFields`), or `itemsFile`
   */
  itemLoader?: ItemLoader<Item>;
  /**
   * Texts per encoder call while embedding.
   * @defaultValue 64
   */
  embedBatchSize?: number;
  /**
   * Training rows per optimizer step; they are also each other's in-batch negatives.
   * @defaultValue 128
   */
  batchSize?: number;
  /**
   * Target share of distinct items held out for the test side, whose metrics are reported (the
   * split grows it when a tiny batch leaves one side without clicks). Held-out items do not
   * train, so it is kept small.
   * @defaultValue 0.05
   */
  testSize?: number;
  /**
   * Share of non-clicked results kept as negatives, in (0, 1].
   * @defaultValue 1
   */
  negativeRatio?: number;
  /**
   * Event types that count as clicks.
   * @defaultValue ['click']
   */
  clickEventTypes?: readonly string[];
}

/** Options with every default applied and validated. */
export interface DefaultMethodSettings {
  readonly textFields: readonly string[];
  readonly itemsFile: string | null;
  readonly model: string;
  readonly modelsCacheDir: string | null;
  readonly maxEvals: number;
  readonly epochs: number;
  readonly seed: number;
  readonly adapterRank: number;
  readonly embedBatchSize: number;
  readonly batchSize: number;
  readonly testSize: number;
  readonly negativeRatio: number;
  readonly clickEventTypes: readonly string[];
}

/**
 * Reads and validates the method's environment variables.
 *
 * @throws ConfigError (`CONFIG_INVALID`) naming every invalid variable and what it must be.
 */
export function loadDefaultMethodSettings(env: Readonly<Record<string, string | undefined>> = process.env): DefaultFineTuningMethodOptions {
  const c = loadConfig(DefaultMethodEnv, { ...env });
  return {
    textFields: c.ES_DEFAULT_METHOD_TEXT_FIELDS,
    ...(c.ES_DEFAULT_METHOD_ITEMS_FILE ? { itemsFile: c.ES_DEFAULT_METHOD_ITEMS_FILE } : {}),
    model: c.ES_DEFAULT_METHOD_MODEL,
    ...(c.ES_MODELS_CACHE_DIR ? { modelsCacheDir: c.ES_MODELS_CACHE_DIR } : {}),
    maxEvals: c.ES_DEFAULT_METHOD_MAX_EVALS,
    epochs: c.ES_DEFAULT_METHOD_EPOCHS,
    seed: c.ES_DEFAULT_METHOD_SEED,
    adapterRank: c.ES_DEFAULT_METHOD_ADAPTER_RANK,
  };
}

function int(option: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new DefaultMethodInvalidOptionError(option, `must be a whole number from ${min} to ${max}`, value);
  }
  return value;
}

function stringList(option: string, value: unknown, fallback: readonly string[], pattern: RegExp | null): readonly string[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && v.trim().length > 0 && (pattern === null || pattern.test(v.trim())))) {
    throw new DefaultMethodInvalidOptionError(option, 'must be a non-empty list of names (e.g. ["title", "text"])', value);
  }
  return Object.freeze(value.map((v: string) => v.trim()));
}

function optionalPath(option: string, value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.trim().length === 0) throw new DefaultMethodInvalidOptionError(option, 'must be a non-empty path', value);
  return value.trim();
}

/**
 * Applies defaults and validates options.
 *
 * @throws DefaultMethodInvalidOptionError naming the first invalid option.
 */
export function resolveDefaultMethodSettings(options: DefaultFineTuningMethodOptions): DefaultMethodSettings {
  if (typeof options !== 'object' || options === null) throw new DefaultMethodInvalidOptionError('options', 'must be an object', options);
  const model = options.model ?? DEFAULT_METHOD_MODEL;
  if (typeof model !== 'string' || !MODEL_NAME.test(model)) throw new DefaultMethodInvalidOptionError('model', 'must be a model name such as all-minilm-l6-v2', model);
  const testSize = options.testSize ?? 0.05;
  if (typeof testSize !== 'number' || !(testSize > 0 && testSize < 1)) throw new DefaultMethodInvalidOptionError('testSize', 'must be a number in (0, 1)', testSize);
  const negativeRatio = options.negativeRatio ?? 1;
  if (typeof negativeRatio !== 'number' || !(negativeRatio > 0 && negativeRatio <= 1)) {
    throw new DefaultMethodInvalidOptionError('negativeRatio', 'must be a number in (0, 1]', negativeRatio);
  }
  for (const option of ['encoder', 'vectors'] as const) {
    if (options[option] === undefined) continue;
    const e = options[option] as unknown as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || typeof e['embedQueries'] !== 'function' || typeof e['embedItems'] !== 'function' || !Number.isSafeInteger(e['dimension'])) {
      throw new DefaultMethodInvalidOptionError(option, 'must be an encoder { id, version, dimension, embedQueries, embedItems }');
    }
  }
  if (options.itemLoader !== undefined && (typeof options.itemLoader !== 'object' || options.itemLoader === null || typeof options.itemLoader.load !== 'function')) {
    throw new DefaultMethodInvalidOptionError('itemLoader', 'must be an ItemLoader { source, load(ids) }');
  }
  return Object.freeze({
    textFields: stringList('textFields', options.textFields, ['text'], FIELD_PATH),
    itemsFile: optionalPath('itemsFile', options.itemsFile),
    model,
    modelsCacheDir: optionalPath('modelsCacheDir', options.modelsCacheDir),
    maxEvals: int('maxEvals', options.maxEvals, 1, 1, 100),
    epochs: int('epochs', options.epochs, 5, 1, 1000),
    seed: int('seed', options.seed, 42, 0, 2 ** 31 - 1),
    adapterRank: int('adapterRank', options.adapterRank, 0, 0, 1024),
    embedBatchSize: int('embedBatchSize', options.embedBatchSize, 64, 1, 4096),
    batchSize: int('batchSize', options.batchSize, 128, 1, 65536),
    testSize,
    negativeRatio,
    clickEventTypes: stringList('clickEventTypes', options.clickEventTypes, ['click'], null),
  });
}
