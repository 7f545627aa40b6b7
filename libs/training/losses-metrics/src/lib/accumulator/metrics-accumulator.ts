import { checkInteger } from '../internal/check.js';
import { metricValue, type MetricValue } from './metric-value.js';

export interface MetricsAccumulatorOptions {
  /**
   * Emit `mean_<name>`, the mean of every value since the last `clear()`.
   * @defaultValue true
   */
  mean?: boolean;
  /**
   * Emit `sliding_<name>`, the mean of the last `windowSize` values (of all, while fewer).
   * @defaultValue true
   */
  sliding?: boolean;
  /**
   * Emit `min_<name>`.
   * @defaultValue true
   */
  min?: boolean;
  /**
   * Emit `max_<name>`.
   * @defaultValue true
   */
  max?: boolean;
  /**
   * Window of the sliding mean; an integer > 1.
   * @defaultValue 10
   */
  windowSize?: number;
}

/**
 * Aggregates one named metric over a run and names the aggregates the way EmbeddingStudio's
 * trackers expect: the last value under the plain name, then `mean_<name>`,
 * `sliding_<name>`, `min_<name>` and `max_<name>` (each only when enabled).
 */
export class MetricsAccumulator {
  readonly name: string;
  readonly windowSize: number;
  private readonly flags: Required<Omit<MetricsAccumulatorOptions, 'windowSize'>>;
  private readonly window: number[] = [];
  private count = 0;
  private sum = 0;
  private minimum = Infinity;
  private maximum = -Infinity;

  constructor(name: string, options: MetricsAccumulatorOptions = {}) {
    this.name = metricValue(name, 0).name;
    this.windowSize = checkInteger('windowSize', options.windowSize ?? 10, 2);
    this.flags = { mean: options.mean ?? true, sliding: options.sliding ?? true, min: options.min ?? true, max: options.max ?? true };
  }

  /**
   * Adds a value of this accumulator's metric and returns the aggregates; a metric with any
   * other name is ignored (returns `[]`), so one list of accumulators can see every metric.
   */
  accumulate(metric: MetricValue): MetricValue[] {
    if (metric.name !== this.name) return [];
    const v = metricValue(metric.name, metric.value).value;
    this.count++;
    this.sum += v;
    this.minimum = Math.min(this.minimum, v);
    this.maximum = Math.max(this.maximum, v);
    this.window.push(v);
    if (this.window.length > this.windowSize) this.window.shift();
    const out: MetricValue[] = [{ name: this.name, value: v }];
    if (this.flags.mean) out.push({ name: `mean_${this.name}`, value: this.sum / this.count });
    if (this.flags.sliding) out.push({ name: `sliding_${this.name}`, value: this.window.reduce((s, x) => s + x, 0) / this.window.length });
    if (this.flags.min) out.push({ name: `min_${this.name}`, value: this.minimum });
    if (this.flags.max) out.push({ name: `max_${this.name}`, value: this.maximum });
    return out;
  }

  /** Forgets every value (call at the end of a run). */
  clear(): void {
    this.window.length = 0;
    this.count = 0;
    this.sum = 0;
    this.minimum = Infinity;
    this.maximum = -Infinity;
  }
}
