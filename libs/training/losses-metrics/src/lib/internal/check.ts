import { LossesMetricsInvalidArgumentError, LossesMetricsShapeMismatchError } from '../../errors.js';

/** Throws unless `value` is an integer ≥ `min`. */
export function checkInteger(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new LossesMetricsInvalidArgumentError(name, `must be an integer >= ${min}`, value);
  return value;
}

/** Throws unless `value` is a finite number. */
export function checkFinite(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new LossesMetricsInvalidArgumentError(name, 'must be a finite number', value);
  return value;
}

/** Throws unless `value` is finite and inside the interval (open/closed ends as given). */
export function checkRange(
  name: string,
  value: number,
  range: { min?: number; max?: number; minOpen?: boolean; maxOpen?: boolean },
): number {
  checkFinite(name, value);
  const { min, max, minOpen = false, maxOpen = false } = range;
  const belowMin = min !== undefined && (minOpen ? value <= min : value < min);
  const aboveMax = max !== undefined && (maxOpen ? value >= max : value > max);
  if (belowMin || aboveMax) {
    const lo = min === undefined ? '(-inf' : `${minOpen ? '(' : '['}${min}`;
    const hi = max === undefined ? 'inf)' : `${max}${maxOpen ? ')' : ']'}`;
    throw new LossesMetricsInvalidArgumentError(name, `must be in ${lo}, ${hi}`, value);
  }
  return value;
}

/** Throws unless every entry is finite. */
export function checkAllFinite(name: string, values: readonly number[]): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new LossesMetricsInvalidArgumentError(`${name}[${i}]`, 'must be a finite number', v);
  }
}

/** Throws unless both arrays have the same length. */
export function checkSameLength(what: string, a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) throw new LossesMetricsShapeMismatchError(what, `equal lengths`, `${a.length} and ${b.length}`);
}
