import { LossesMetricsInvalidArgumentError } from '../../errors.js';

/** One named measurement, e.g. `{ name: 'train_loss', value: 0.41 }`. */
export interface MetricValue {
  readonly name: string;
  readonly value: number;
}

/**
 * Creates a metric value; throws `LOSSES_METRICS_INVALID_ARGUMENT` for an empty name or a
 * non-finite value (a NaN loss must be caught where it happens, not logged as a number).
 */
export function metricValue(name: string, value: number): MetricValue {
  if (typeof name !== 'string' || name.length === 0) throw new LossesMetricsInvalidArgumentError('metric name', 'must be a non-empty string', name);
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new LossesMetricsInvalidArgumentError(`value of metric ${JSON.stringify(name)}`, 'must be a finite number', value);
  return { name, value };
}

/** Renames a metric to `<prefix>_<name>` (e.g. `train` + `loss` → `train_loss`). */
export function withPrefix(metric: MetricValue, prefix: string): MetricValue {
  if (prefix.length === 0) throw new LossesMetricsInvalidArgumentError('prefix', 'must be a non-empty string', prefix);
  return metricValue(`${prefix}_${metric.name}`, metric.value);
}
