// The error catalogue of @embedding-studio/losses-metrics. Every code here is listed in the
// README "Errors" table (a test keeps the two in sync).
import { InputError } from '@embedding-studio/errors';

/** An argument or option is out of its allowed range (k, margin, temperature, window, level…). */
export class LossesMetricsInvalidArgumentError extends InputError {
  constructor(argument: string, problem: string, value?: unknown) {
    super('LOSSES_METRICS_INVALID_ARGUMENT', `Invalid ${argument}: ${problem}${value === undefined ? '' : ` (got ${describe(value)})`}.`, {
      details: { argument, ...(value === undefined ? {} : { value: describe(value) }) },
    });
  }
}

/** Arrays or tensors that must line up (scores and confidences, queries and positives) do not. */
export class LossesMetricsShapeMismatchError extends InputError {
  constructor(what: string, expected: string, actual: string) {
    super('LOSSES_METRICS_SHAPE_MISMATCH', `${what}: expected ${expected}, got ${actual}; pass inputs of matching length/shape.`, {
      details: { what, expected, actual },
    });
  }
}

/** A statistic was asked of too few values (a t-interval of one value, a mean of none). */
export class LossesMetricsNotEnoughValuesError extends InputError {
  constructor(statistic: string, needed: number, got: number) {
    super(
      'LOSSES_METRICS_NOT_ENOUGH_VALUES',
      `${statistic} needs at least ${needed} value(s), got ${got}; collect more seeds/queries or report the values without this statistic.`,
      { details: { statistic, needed, got } },
    );
  }
}

/** No query of an evaluation has a relevant judgment, so every mean would be undefined. */
export class LossesMetricsNoJudgedQueriesError extends InputError {
  constructor(candidates: number, relevanceThreshold: number) {
    super(
      'LOSSES_METRICS_NO_JUDGED_QUERIES',
      `None of the ${candidates} evaluated queries has a judgment with grade >= ${relevanceThreshold}; check that the qrels belong to the run's query ids (and the relevanceThreshold option).`,
      { details: { candidates, relevanceThreshold } },
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return typeof value;
  }
}
