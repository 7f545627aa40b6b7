import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { createJsonlItemLoader, createMetaItemLoader, type Item, type ItemLoader } from '@embedding-studio/data-loaders';
import { textItemEncoder, type DatasetEncoder } from '@embedding-studio/fine-tuning-builder';
import { FineTuningMethod, type FineTuningSetup, type MethodContext, type PluginMeta } from '@embedding-studio/fine-tuning-plugins';
import type { EmbeddingModel } from '@embedding-studio/model-runtime';
import { LinearAdapter, LowRankResidualAdapter, saveModelArtifact } from '@embedding-studio/model-runtime/tfjs';
import { prepareTrainingData, type DefaultMethodReport } from '../data/prepare-training-data.js';
import { openCachedEncoder } from '../encoder/cached-encoder.js';
import { createDefaultTrainingPlan } from '../plan/default-plan.js';
import { loadDefaultMethodSettings, resolveDefaultMethodSettings, type DefaultFineTuningMethodOptions, type DefaultMethodSettings } from '../settings/settings.js';

/** The name 0.0.1 clients send as `fine_tuning_method`. */
export const DEFAULT_FINE_TUNING_METHOD_NAME = 'Default Fine Tuning Method';

/** What {@link DefaultFineTuningMethod.getFineTuningBuilder} returns: the setup with a typed report. */
export interface DefaultFineTuningSetup extends FineTuningSetup {
  readonly report: DefaultMethodReport;
}

/**
 * The default fine-tuning method: learns a query-side linear adapter over a sentence encoder
 * (all-MiniLM-L6-v2 by default) from the clicks of a released batch. Items keep their base
 * vectors, so a new adapter is deployed (or rolled back) without re-indexing.
 *
 * Constructed with no arguments (as the plugin loader does) it reads its settings from
 * `process.env` once ({@link loadDefaultMethodSettings}); with options it reads no environment.
 * The encoder is opened on first use, so loading the plugin stays cheap.
 *
 * @throws ConfigError (`CONFIG_INVALID`) from the no-argument constructor, naming each bad variable.
 * @throws DefaultMethodInvalidOptionError for a bad option.
 */
export class DefaultFineTuningMethod extends FineTuningMethod {
  readonly meta: PluginMeta = {
    name: DEFAULT_FINE_TUNING_METHOD_NAME,
    version: '1.0.0',
    description:
      'Query-side linear adapter over a sentence encoder (all-MiniLM-L6-v2 by default), trained from clicks with an in-batch contrastive loss and early stopping on held-out items; no re-indexing needed.',
  };
  /** The validated settings in use. */
  readonly settings: DefaultMethodSettings;
  private readonly injected: EmbeddingModel | null;
  private readonly vectors: DatasetEncoder<Item> | null;
  private readonly loader: ItemLoader<Item> | null;
  private opening: Promise<EmbeddingModel> | null = null;

  constructor(options?: DefaultFineTuningMethodOptions) {
    super();
    const resolved = options ?? loadDefaultMethodSettings(process.env);
    this.settings = resolveDefaultMethodSettings(resolved);
    this.injected = resolved.encoder ?? null;
    this.vectors = resolved.vectors ?? null;
    this.loader = resolved.itemLoader ?? null;
  }

  /**
   * The encoder: the injected one, or the cached ONNX model opened on first call (a failed
   * open is retried on the next call).
   *
   * @throws DefaultMethodModelFilesMissingError when the model files are not in the cache.
   */
  encoder(): Promise<EmbeddingModel> {
    if (this.injected) return Promise.resolve(this.injected);
    if (!this.opening) {
      this.opening = openCachedEncoder({ model: this.settings.model, modelsCacheDir: this.settings.modelsCacheDir }).catch((e: unknown) => {
        this.opening = null;
        throw e;
      });
    }
    return this.opening;
  }

  /**
   * Uploads the identity adapter of the encoder's dimension (iteration 0): a query-side linear
   * adapter, or with `adapterRank` > 0 a low-rank residual adapter (`B = 0`) of that rank.
   */
  async uploadInitialModel(context: MethodContext): Promise<void> {
    const encoder = await this.datasetEncoder();
    const { adapterRank: rank, seed } = this.settings;
    const d = encoder.dimension;
    const adapter =
      rank > 0
        ? new LowRankResidualAdapter({ dimension: d, rank: Math.min(rank, d), side: 'query', normalize: false, seed })
        : new LinearAdapter({ inputDimension: d, side: 'query', normalize: false });
    try {
      await context.uploadInitialModel(saveModelArtifact(adapter));
    } finally {
      adapter.dispose();
    }
  }

  /**
   * Prepares the batch (ranking examples, item texts, an item-disjoint split, query and item
   * vectors) and the training plan.
   *
   * @throws DefaultMethodNotEnoughSessionsError / DefaultMethodSplitImpossibleError on batches that cannot train.
   * @throws FineTuningCancelledError when `context.signal` aborts.
   */
  async getFineTuningBuilder(clickstream: readonly SessionWithEvents[], context: MethodContext): Promise<DefaultFineTuningSetup> {
    const s = this.settings;
    context.reportProgress(0, `opening the encoder (${this.vectors?.id ?? this.injected?.id ?? s.model})`);
    const encoder = await this.datasetEncoder();
    const { data, report } = await prepareTrainingData(clickstream, {
      encoder,
      loader: this.itemLoader(clickstream),
      seed: s.seed,
      testSize: s.testSize,
      negativeRatio: s.negativeRatio,
      clickEventTypes: s.clickEventTypes,
      embedBatchSize: s.embedBatchSize,
      missingItemsHint: this.missingItemsHint(),
      signal: context.signal,
      onProgress: (fraction, message) => context.reportProgress(fraction, message),
    });
    const plan = createDefaultTrainingPlan({ epochs: s.epochs, maxEvals: s.maxEvals, seed: s.seed, batchSize: s.batchSize, adapterRank: s.adapterRank });
    context.logger.info('training data prepared', {
      sessions: report.sessions.received,
      used: report.sessions.used,
      skipped: report.sessions.skipped,
      items: report.items.embedded,
      missingItems: report.items.missing,
      train: report.train.examples,
      test: report.test.examples + report.test.irrelevant,
      dimension: report.dimension,
    });
    for (const warning of report.warnings) context.logger.warn(warning, { plugin: this.meta.name });
    return { plan, data, report };
  }

  /** Releases the encoder this method opened (an injected encoder belongs to the caller). */
  async dispose(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    if (opening) await (await opening.catch(() => null))?.dispose();
  }

  /** What embeds the dataset: the injected vectors, else the encoder over item texts. */
  private async datasetEncoder(): Promise<DatasetEncoder<Item>> {
    return this.vectors ?? textItemEncoder(await this.encoder());
  }

  private itemLoader(sessions: readonly SessionWithEvents[]): ItemLoader<Item> {
    const s = this.settings;
    if (this.loader) return this.loader;
    return s.itemsFile === null ? createMetaItemLoader(sessions, { fields: s.textFields }) : createJsonlItemLoader({ path: s.itemsFile, textFields: s.textFields });
  }

  private missingItemsHint(): string {
    const fields = this.settings.textFields.join(',');
    return this.settings.itemsFile === null
      ? `Some clicked items have no text in result meta field(s) "${fields}": make the clients send it, set ES_DEFAULT_METHOD_TEXT_FIELDS to the fields they send, or set ES_DEFAULT_METHOD_ITEMS_FILE to a JSONL file of the items.`
      : `Some clicked items are missing from ${this.settings.itemsFile} or have no text in field(s) "${fields}": add them, or fix ES_DEFAULT_METHOD_TEXT_FIELDS.`;
  }
}
