import { LossesMetricsInvalidArgumentError } from '../../errors.js';
import { checkInteger, checkRange } from '../internal/check.js';

/**
 * Examination probabilities of ranks 1–10 under the benchmark's primary click setting S1
 * (position-based model, η = 1).
 */
export const S1_EXAMINATION: readonly number[] = Object.freeze([0.68, 0.61, 0.48, 0.34, 0.28, 0.2, 0.11, 0.1, 0.08, 0.06]);

/** Default cap of an inverse-propensity weight (above S1's largest ratio, 0.68 / 0.06 ≈ 11.3). */
export const DEFAULT_MAX_IPS_WEIGHT = 20;

export interface IpsWeightOptions {
  /**
   * Upper clip of the weight; bounds the variance a click deep in the list can add.
   * @defaultValue 20
   */
  maxWeight?: number;
}

/**
 * Inverse-propensity weight of a click at 1-based `rank`: exam(1) / exam(rank), clipped to
 * `maxWeight`. Ranks beyond the curve use its last value. Throws
 * `LOSSES_METRICS_INVALID_ARGUMENT` for a rank < 1 or a curve with a non-positive entry.
 */
export function ipsWeight(rank: number, examination: readonly number[] = S1_EXAMINATION, options: IpsWeightOptions = {}): number {
  checkInteger('rank', rank, 1);
  const maxWeight = checkRange('maxWeight', options.maxWeight ?? DEFAULT_MAX_IPS_WEIGHT, { min: 1 });
  checkExamination(examination);
  const first = examination[0] as number;
  const at = examination[Math.min(rank, examination.length) - 1] as number;
  return Math.min(maxWeight, first / at);
}

function checkExamination(examination: readonly number[]): void {
  if (examination.length === 0) throw new LossesMetricsInvalidArgumentError('examination', 'must list at least one probability', []);
  for (let i = 0; i < examination.length; i++) {
    const p = examination[i];
    if (typeof p !== 'number' || !(p > 0 && p <= 1)) throw new LossesMetricsInvalidArgumentError(`examination[${i}]`, 'must be a probability in (0, 1]', p);
  }
}
