import { DataLoadersInvalidOptionError } from '../../errors.js';

export function checkNumberIn(option: string, value: number, min: number, max: number, minOpen: boolean, maxOpen: boolean): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && (minOpen ? value > min : value >= min) && (maxOpen ? value < max : value <= max);
  if (!ok) throw new DataLoadersInvalidOptionError(option, `must be a number in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`, value);
  return value;
}

export function checkPositiveInteger(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new DataLoadersInvalidOptionError(option, 'must be a positive integer', value);
  return value;
}

export function checkStringList(option: string, value: readonly string[], allowEmpty = false): readonly string[] {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0) || value.some((v) => typeof v !== 'string' || v.length === 0)) {
    throw new DataLoadersInvalidOptionError(option, `must be a ${allowEmpty ? '' : 'non-empty '}list of non-empty strings`, value);
  }
  return value;
}
