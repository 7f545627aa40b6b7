// The error catalogue of @embedding-studio/default-fine-tuning-method. Every code here is listed
// in the README "Errors" table (a test keeps the two in sync). Invalid environment variables
// raise `CONFIG_INVALID` of @embedding-studio/config, which names each variable.
import { InputError, NotFoundError, previewValue } from '@embedding-studio/errors';

export const DEFAULT_FINE_TUNING_METHOD_ERROR_CODES = [
  'DEFAULT_FINE_TUNING_METHOD_INVALID_OPTION',
  'DEFAULT_FINE_TUNING_METHOD_MODEL_FILES_MISSING',
  'DEFAULT_FINE_TUNING_METHOD_NOT_ENOUGH_SESSIONS',
  'DEFAULT_FINE_TUNING_METHOD_SPLIT_IMPOSSIBLE',
] as const;
export type DefaultFineTuningMethodErrorCode = (typeof DEFAULT_FINE_TUNING_METHOD_ERROR_CODES)[number];

/** An option given to the constructor is out of range or of the wrong type. */
export class DefaultMethodInvalidOptionError extends InputError {
  constructor(option: string, problem: string, value?: unknown) {
    super('DEFAULT_FINE_TUNING_METHOD_INVALID_OPTION', `Invalid option ${option}: ${problem}${value === undefined ? '' : ` (got ${previewValue(value)})`}.`, {
      details: { option, ...(value === undefined ? {} : { value: previewValue(value) }) },
    });
  }
}

/** The base embedding model is not in the models cache. */
export class DefaultMethodModelFilesMissingError extends NotFoundError {
  constructor(model: string, dir: string, missing: readonly string[], fetchCommand: string, cacheHint: string | null) {
    super(
      'DEFAULT_FINE_TUNING_METHOD_MODEL_FILES_MISSING',
      `The embedding model "${model}" is not in the models cache: ${dir} lacks ${missing.join(', ')}. ` +
        `Fetch it once with \`${fetchCommand}\` from the repository root${cacheHint ? ` (${cacheHint})` : ''}, then retry the task. ` +
        'Tests and offline machines never download it on their own.',
      { details: { model, dir, missing: [...missing], command: fetchCommand } },
    );
  }
}

/** Why a batch cannot be trained on. */
export type NotEnoughSessionsReason = 'too-few-sessions-with-clicks' | 'no-negatives';

/**
 * Fewer than two sessions of the batch can train (a clicked result with item text), or none of
 * them has a shown-but-not-clicked result to contrast the clicks with.
 */
export class DefaultMethodNotEnoughSessionsError extends InputError {
  constructor(reason: NotEnoughSessionsReason, counts: { sessions: number; usable: number; needed: number; skipped: Readonly<Record<string, number>> }, hint: string) {
    const skipped = Object.entries(counts.skipped)
      .filter(([, n]) => n > 0)
      .map(([why, n]) => `${n} ${why}`)
      .join(', ');
    const what =
      reason === 'no-negatives'
        ? `none of the ${counts.usable} sessions with clicks has a shown result that was not clicked, so there is no pair to learn from`
        : `it needs at least ${counts.needed} sessions with a click on a result whose item text is known, and ${counts.usable} of the ${counts.sessions} sessions qualify`;
    super(
      'DEFAULT_FINE_TUNING_METHOD_NOT_ENOUGH_SESSIONS',
      `Cannot fine-tune on this batch: ${what}${skipped ? ` (not usable: ${skipped})` : ''}. ${hint}`,
      { details: { reason, ...counts, skipped: { ...counts.skipped } } },
    );
  }
}

/** No item-disjoint train/test split leaves clicks on both sides (the sessions share their items). */
export class DefaultMethodSplitImpossibleError extends InputError {
  constructor(usableSessions: number, distinctItems: number, attempts: number) {
    super(
      'DEFAULT_FINE_TUNING_METHOD_SPLIT_IMPOSSIBLE',
      `Cannot hold out test items: the ${usableSessions} sessions with clicks share their ${distinctItems} items so much that none of ${attempts} ` +
        'item-disjoint splits left a clicked session on both the train and the test side. Collect more sessions that click different items, then retry.',
      { details: { usableSessions, distinctItems, attempts } },
    );
  }
}
