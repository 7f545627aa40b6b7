import * as tf from '@tensorflow/tfjs';
import { ModelRuntimeInvalidOptionError } from '../errors.js';
import type { NamedWeight } from './weights.js';
import { sizeOfShape } from './weights.js';

export function positiveInteger(field: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ModelRuntimeInvalidOptionError(field, `must be an integer in 1..${max}, got ${String(value)}.`, value);
  }
  return value;
}

export function finiteNumber(field: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new ModelRuntimeInvalidOptionError(field, `must be a finite number in [${min}, ${max}], got ${String(value)}.`, value);
  }
  return value;
}

export function booleanOption(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new ModelRuntimeInvalidOptionError(field, `must be true or false, got ${String(value)}.`, value);
  }
  return value;
}

export function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ModelRuntimeInvalidOptionError(field, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${String(value)}.`, value);
  }
  return value as T;
}

export function nonEmptyString(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ModelRuntimeInvalidOptionError(field, 'must be a non-empty string.', value);
  }
  return value;
}

export function seedOption(field: string, value: unknown): number | string {
  if ((typeof value === 'number' && Number.isSafeInteger(value)) || typeof value === 'string') return value;
  throw new ModelRuntimeInvalidOptionError(field, `must be an integer or a string, got ${String(value)}.`, value);
}

/**
 * Checks that `weights` holds exactly the expected names and shapes (any order) and returns
 * copies of their values keyed by name.
 */
export function expectWeights(
  owner: string,
  weights: readonly NamedWeight[],
  expected: Readonly<Record<string, readonly number[]>>,
): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const w of weights) {
    const shape = expected[w.name];
    if (!shape) {
      throw new ModelRuntimeInvalidOptionError(`${owner} weights`, `unexpected weight '${w.name}'; expected ${Object.keys(expected).join(', ')}.`);
    }
    if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
      throw new ModelRuntimeInvalidOptionError(`${owner} weights.${w.name}`, `shape [${w.shape.join(', ')}] differs from [${shape.join(', ')}].`);
    }
    if (w.values.length !== sizeOfShape(shape)) {
      throw new ModelRuntimeInvalidOptionError(`${owner} weights.${w.name}`, `has ${w.values.length} values for shape [${shape.join(', ')}].`);
    }
    out.set(w.name, Float32Array.from(w.values));
  }
  for (const name of Object.keys(expected)) {
    if (!out.has(name)) throw new ModelRuntimeInvalidOptionError(`${owner} weights`, `missing weight '${name}'.`);
  }
  return out;
}

/** A trainable float32 variable initialised from `values` (no intermediate tensor left behind). */
export function makeVariable(values: Float32Array, shape: readonly number[]): tf.Variable {
  const initial = tf.tensor(values, [...shape], 'float32');
  const variable = tf.variable(initial, true);
  initial.dispose();
  return variable;
}

/** Reads a variable's values into a fresh array. */
export function readVariable(variable: tf.Variable): Float32Array {
  return Float32Array.from(variable.dataSync() as Float32Array);
}
