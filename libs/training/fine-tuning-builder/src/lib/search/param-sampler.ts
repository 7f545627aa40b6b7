import { createRng, type Rng } from '@embedding-studio/random';
import type { HyperParams, MetricMode, PlanJson, SearchDimension, SearchSpace, SearchSpec } from '../plan/training-plan.js';

/** What the sampler knows about a finished trial. Failed trials carry no value and are not modelled. */
export interface TrialObservation {
  readonly params: HyperParams;
  readonly status: 'succeeded' | 'failed' | 'cancelled';
  /** The trial's best main-metric value (only for succeeded trials). */
  readonly value: number | null;
}

/** Where a suggestion came from. */
export type SuggestionOrigin = 'random' | 'tpe';

export interface Suggestion {
  readonly params: HyperParams;
  readonly origin: SuggestionOrigin;
}

/** Proposes the next trial's parameters from the history of earlier trials. */
export interface ParamSampler {
  suggest(history: readonly TrialObservation[]): Suggestion;
}

export interface ParamSamplerOptions {
  /** Seed of every random draw. */
  seed: number;
  /** Whether larger (`max`) or smaller (`min`) trial values are better. */
  mode: MetricMode;
}

const names = (space: SearchSpace): string[] => Object.keys(space).sort();

/** One draw from a dimension's prior (uniform over choices / the range / the log-range / the integers). */
export function sampleDimension(dim: SearchDimension, rng: Rng): PlanJson {
  switch (dim.type) {
    case 'choice':
      return dim.values[rng.int(dim.values.length)] as PlanJson;
    case 'uniform':
      return dim.low + (dim.high - dim.low) * rng.next();
    case 'loguniform':
      return Math.exp(Math.log(dim.low) + (Math.log(dim.high) - Math.log(dim.low)) * rng.next());
    case 'int':
      return dim.low + rng.int(dim.high - dim.low + 1);
  }
}

function randomParams(space: SearchSpace, rng: Rng): HyperParams {
  const out: Record<string, PlanJson> = {};
  for (const name of names(space)) out[name] = sampleDimension(space[name] as SearchDimension, rng);
  return out as HyperParams;
}

/** Seeded random search: every suggestion is an independent draw from the priors. */
export function createRandomSampler(space: SearchSpace, options: ParamSamplerOptions): ParamSampler {
  const rng = createRng(options.seed);
  return { suggest: () => ({ params: randomParams(space, rng), origin: 'random' }) };
}

// ---------------------------------------------------------------------------------------------
// Tree-structured Parzen estimator (independent per dimension, as hyperopt's default TPE).

const SQRT2 = Math.SQRT2;

/** erf, Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7). */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return sign * y;
}

const normalCdf = (x: number, mu: number, sigma: number): number => 0.5 * (1 + erf((x - mu) / (sigma * SQRT2)));

interface Parzen {
  mus: number[];
  sigmas: number[];
  weights: number[];
  low: number;
  high: number;
}

/** Adaptive Parzen estimator on `[low, high]`: one Gaussian per observation plus a broad prior. */
function buildParzen(observed: readonly number[], low: number, high: number): Parzen {
  const width = Math.max(high - low, 1e-12);
  const prior = (low + high) / 2;
  const points = [...observed.map((v) => Math.min(high, Math.max(low, v))), prior].sort((a, b) => a - b);
  const n = points.length;
  const minSigma = width / Math.min(100, 1 + n);
  const sigmas = points.map((mu, i) => {
    const left = i === 0 ? mu - low : mu - (points[i - 1] as number);
    const right = i === n - 1 ? high - mu : (points[i + 1] as number) - mu;
    return Math.min(width, Math.max(minSigma, left, right));
  });
  // The prior keeps its full width, so unexplored regions never get zero density.
  const priorIndex = points.indexOf(prior);
  sigmas[priorIndex] = width;
  return { mus: points, sigmas, weights: points.map(() => 1 / n), low, high };
}

/** Probability mass of the truncated mixture on `[a, b]` (a density when `a === b`). */
function parzenMass(p: Parzen, a: number, b: number): number {
  let total = 0;
  for (let i = 0; i < p.mus.length; i++) {
    const mu = p.mus[i] as number;
    const sigma = p.sigmas[i] as number;
    const z = normalCdf(p.high, mu, sigma) - normalCdf(p.low, mu, sigma);
    if (z <= 0) continue;
    const part =
      a === b ? Math.exp(-0.5 * ((a - mu) / sigma) ** 2) / (sigma * Math.sqrt(2 * Math.PI)) : normalCdf(b, mu, sigma) - normalCdf(a, mu, sigma);
    total += ((p.weights[i] as number) * part) / z;
  }
  return Math.max(total, 1e-300);
}

function sampleParzen(p: Parzen, rng: Rng): number {
  let u = rng.next();
  let k = 0;
  for (; k < p.weights.length - 1; k++) {
    u -= p.weights[k] as number;
    if (u < 0) break;
  }
  const mu = p.mus[k] as number;
  const sigma = p.sigmas[k] as number;
  for (let tries = 0; tries < 64; tries++) {
    const x = mu + sigma * rng.normal();
    if (x >= p.low && x <= p.high) return x;
  }
  return Math.min(p.high, Math.max(p.low, mu));
}

const keyOf = (v: unknown): string => JSON.stringify(v) ?? 'undefined';

/** Chooses one dimension's value: candidates drawn from the good density, the best `l/g` wins. */
function tpeDimension(dim: SearchDimension, good: readonly unknown[], bad: readonly unknown[], candidates: number, rng: Rng): PlanJson {
  if (dim.type === 'choice') {
    const keys = dim.values.map(keyOf);
    const probs = (obs: readonly unknown[]): number[] => {
      const counts = keys.map(() => 1);
      for (const o of obs) {
        const i = keys.indexOf(keyOf(o));
        if (i >= 0) counts[i] = (counts[i] as number) + 1;
      }
      const sum = counts.reduce((s, c) => s + c, 0);
      return counts.map((c) => c / sum);
    };
    const l = probs(good);
    const g = probs(bad);
    let best = -1;
    let bestScore = -Infinity;
    for (let c = 0; c < candidates; c++) {
      let u = rng.next();
      let i = 0;
      for (; i < l.length - 1; i++) {
        u -= l[i] as number;
        if (u < 0) break;
      }
      const score = Math.log(l[i] as number) - Math.log(g[i] as number);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return dim.values[best] as PlanJson;
  }
  const log = dim.type === 'loguniform';
  const int = dim.type === 'int';
  const to = (v: number): number => (log ? Math.log(v) : v);
  const low = int ? dim.low - 0.5 : to(dim.low);
  const high = int ? dim.high + 0.5 : to(dim.high);
  const numeric = (obs: readonly unknown[]): number[] =>
    obs.filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && (!log || v > 0)).map(to);
  const l = buildParzen(numeric(good), low, high);
  const g = buildParzen(numeric(bad), low, high);
  let best = low;
  let bestScore = -Infinity;
  for (let c = 0; c < candidates; c++) {
    let x = sampleParzen(l, rng);
    let a = x;
    let b = x;
    if (int) {
      x = Math.min(dim.high, Math.max(dim.low, Math.round(x)));
      a = x - 0.5;
      b = x + 0.5;
    }
    const score = Math.log(parzenMass(l, a, b)) - Math.log(parzenMass(g, a, b));
    if (score > bestScore) {
      bestScore = score;
      best = x;
    }
  }
  if (int) return best;
  return log ? Math.min(dim.high, Math.max(dim.low, Math.exp(best))) : best;
}

/**
 * Seeded TPE. Until `initialMaxEvals` trials have run (or fewer than two succeeded), it draws
 * at random. Then it ranks the succeeded trials, splits them into the best `gamma` fraction
 * ("good") and the rest ("bad"), fits a Parzen density to each per dimension, draws
 * `candidates` values from the good density and keeps the one with the highest `l(x)/g(x)`.
 * Failed trials are left out of both groups: a crash says nothing about quality.
 */
export function createTpeSampler(search: Pick<SearchSpec, 'space' | 'initialMaxEvals' | 'gamma' | 'candidates'>, options: ParamSamplerOptions): ParamSampler {
  const rng = createRng(options.seed);
  const dims = names(search.space);
  return {
    suggest(history) {
      const done = history.filter((h): h is TrialObservation & { value: number } => h.status === 'succeeded' && h.value !== null && Number.isFinite(h.value));
      if (history.length < search.initialMaxEvals || done.length < 2) return { params: randomParams(search.space, rng), origin: 'random' };
      const sorted = done
        .map((h, i) => ({ h, i }))
        .sort((x, y) => (options.mode === 'max' ? y.h.value - x.h.value : x.h.value - y.h.value) || x.i - y.i)
        .map((x) => x.h);
      const nGood = Math.min(sorted.length - 1, Math.max(1, Math.ceil(search.gamma * sorted.length)));
      const good = sorted.slice(0, nGood);
      const bad = sorted.slice(nGood);
      const out: Record<string, PlanJson> = {};
      for (const name of dims) {
        const pick = (group: readonly TrialObservation[]): unknown[] =>
          group.map((h) => (h.params as Record<string, unknown>)[name]).filter((v) => v !== undefined);
        out[name] = tpeDimension(search.space[name] as SearchDimension, pick(good), pick(bad), search.candidates, rng);
      }
      return { params: out as HyperParams, origin: 'tpe' };
    },
  };
}

/** The sampler a search spec asks for. */
export function createParamSampler(search: SearchSpec, options: ParamSamplerOptions): ParamSampler {
  return search.algorithm === 'tpe' ? createTpeSampler(search, options) : createRandomSampler(search.space, options);
}
