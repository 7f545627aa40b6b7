import type { FieldIssue } from '@embedding-studio/errors';
import { FeedbackSettingsValidationError } from '../errors.js';

/** How the feedback layer treats one collection. Every field has a default ({@link DEFAULT_FEEDBACK_SETTINGS}). */
export interface FeedbackSettings {
  /** Rerank this collection's results with click evidence. @defaultValue false */
  readonly enabled: boolean;
  /**
   * How far evidence may move a result, in units of the spread of engine scores inside the
   * reranked window (`1` = a result with certain relevance gains at most the whole spread).
   * @defaultValue 1
   */
  readonly weight: number;
  /** Pseudo-examinations of the Beta prior: how much evidence it takes to move a result. @defaultValue 10 */
  readonly priorStrength: number;
  /** Prior click-through rate of an examined result (the Beta prior's mean). @defaultValue 0.1 */
  readonly priorCtr: number;
  /** Only the engine's first `topN` hits are reordered; the rest keep their places. @defaultValue 50 */
  readonly topN: number;
  /** Exponent of the power-law examination prior (0 = no position-bias correction). @defaultValue 1 */
  readonly eta: number;
  /** Floor of the examination propensity, which caps one click's weight at `1 / minPropensity`. @defaultValue 0.05 */
  readonly minPropensity: number;
  /** Examinations without a click that each shown result gets from a session marked irrelevant. @defaultValue 1 */
  readonly irrelevantWeight: number;
  /** Cosine a logged query's vector needs to lend its evidence to another query. @defaultValue 0.9 */
  readonly neighbourThreshold: number;
  /** Share of a neighbour's evidence that is borrowed (0 = no neighbourhood). @defaultValue 0.5 */
  readonly neighbourWeight: number;
  /** Most similar logged queries borrowed from. @defaultValue 5 */
  readonly maxNeighbours: number;
  /** Rocchio step towards the clicked items' vectors (0 = no query-vector nudging). @defaultValue 0 */
  readonly rocchioBeta: number;
}

export const DEFAULT_FEEDBACK_SETTINGS: FeedbackSettings = Object.freeze({
  enabled: false,
  weight: 1,
  priorStrength: 10,
  priorCtr: 0.1,
  topN: 50,
  eta: 1,
  minPropensity: 0.05,
  irrelevantWeight: 1,
  neighbourThreshold: 0.9,
  neighbourWeight: 0.5,
  maxNeighbours: 5,
  rocchioBeta: 0,
});

type Rule = (v: unknown) => string | undefined;
const num =
  (min: number, max: number, opts: { minOpen?: boolean; maxOpen?: boolean; integer?: boolean } = {}): Rule =>
  (v) => {
    const range = `${opts.minOpen ? '(' : '['}${min}, ${max === Infinity ? '∞' : max}${opts.maxOpen ? ')' : ']'}`;
    const what = opts.integer ? 'an integer' : 'a number';
    if (typeof v !== 'number' || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v))) return `must be ${what} in ${range}, got ${JSON.stringify(v)}`;
    if (v < min || v > max || (opts.minOpen && v === min) || (opts.maxOpen && v === max)) return `must be ${what} in ${range}, got ${v}`;
    return undefined;
  };

const RULES: Readonly<Record<keyof FeedbackSettings, Rule>> = {
  enabled: (v) => (typeof v === 'boolean' ? undefined : `must be true or false, got ${JSON.stringify(v)}`),
  weight: num(0, 100),
  priorStrength: num(0, 1e6, { minOpen: true }),
  priorCtr: num(0, 1, { minOpen: true, maxOpen: true }),
  topN: num(1, 10_000, { integer: true }),
  eta: num(0, 5),
  minPropensity: num(0, 1, { minOpen: true }),
  irrelevantWeight: num(0, 100),
  neighbourThreshold: num(-1, 1),
  neighbourWeight: num(0, 1),
  maxNeighbours: num(1, 1000, { integer: true }),
  rocchioBeta: num(0, 10),
};

/**
 * Validates settings given as JSON (for example a collection's `feedback` field): every field is
 * optional and falls back to `base`; an unknown field or a bad value throws
 * `FEEDBACK_SETTINGS_INVALID` naming each field (under `prefix`, e.g. `feedback.weight`).
 */
export function parseFeedbackSettings(input: unknown, base: FeedbackSettings = DEFAULT_FEEDBACK_SETTINGS, prefix = ''): FeedbackSettings {
  if (input === undefined || input === null) return base;
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new FeedbackSettingsValidationError([{ field: prefix || '(settings)', message: `must be an object of feedback settings, got ${Array.isArray(input) ? 'an array' : typeof input}` }]);
  }
  const issues: FieldIssue[] = [];
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(input)) {
    const field = prefix ? `${prefix}.${key}` : key;
    const rule = (RULES as Record<string, Rule | undefined>)[key];
    if (!rule) {
      issues.push({ field, message: `is not a feedback setting; use one of ${Object.keys(RULES).join(', ')}` });
      continue;
    }
    if (value === undefined) continue;
    const problem = rule(value);
    if (problem) issues.push({ field, message: problem });
    else out[key] = value;
  }
  if (issues.length > 0) throw new FeedbackSettingsValidationError(issues);
  return Object.freeze(out as unknown as FeedbackSettings);
}
