import { FieldIssues, type FieldIssue } from '@embedding-studio/errors';
import { FineTuningInvalidPlanError } from '../../errors.js';
import {
  HYPER_PARAM_NAMES,
  METRIC_NAMES,
  type EarlyStoppingSpec,
  type EvaluationSpec,
  type HyperParams,
  type LossSpec,
  type LrScheduleSpec,
  type MetricMode,
  type ModelSpec,
  type OptimizerSpec,
  type PlanJson,
  type SearchDimension,
  type SearchSpec,
  type TrainingPlan,
  type WarmupSpec,
} from './training-plan.js';

/** Largest adapter dimension accepted (a 16384² kernel is already 1 GiB). */
export const MAX_PLAN_DIMENSION = 16384;
const MAX_EPOCHS = 100_000;
const MAX_BATCH = 1 << 20;
const MAX_EVALS = 10_000;
const MAX_BUCKETS = 1 << 24;

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects issues while reading an untrusted object; every reader returns a usable fallback. */
class Reader extends FieldIssues {
  issue(field: string, message: string): void {
    this.add(field, message);
  }

  record(value: unknown, field: string, keys: readonly string[]): Rec {
    if (!isRecord(value)) {
      this.issue(field, `must be an object, got ${describe(value)}`);
      return {};
    }
    for (const k of Object.keys(value)) {
      if (!keys.includes(k)) this.issue(join(field, k), `is not a known field; expected some of ${keys.join(', ')}`);
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.issue(field, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}`);
    return allowed[0] as T;
  }

  boolean(value: unknown, field: string): boolean {
    if (typeof value === 'boolean') return value;
    this.issue(field, `must be true or false, got ${describe(value)}`);
    return false;
  }

  int(value: unknown, field: string, min: number, max: number): number {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return value;
    this.issue(field, `must be an integer in ${min}..${max}, got ${describe(value)}`);
    return min;
  }

  /** A finite number in a range; `open` excludes the bound(s) named. */
  number(value: unknown, field: string, min: number, max: number, open: { min?: boolean; max?: boolean } = {}): number {
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (open.min ? value > min : value >= min) &&
      (open.max ? value < max : value <= max);
    if (ok) return value;
    const range = `${open.min ? '(' : '['}${min}, ${max === Infinity ? '∞' : max}${open.max || max === Infinity ? ')' : ']'}`;
    this.issue(field, `must be a finite number in ${range}, got ${describe(value)}`);
    return Number.isFinite(min) ? min : 0;
  }

  nullable<T>(value: unknown, read: (v: unknown) => T): T | null {
    return value === null ? null : read(value);
  }
}

function join(field: string, key: string | number): string {
  return field === '' ? String(key) : `${field}.${key}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is required)';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    const s = JSON.stringify(value);
    return s === undefined ? typeof value : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return typeof value;
  }
}

const SIDES = ['query', 'item', 'both'] as const;
const MODES: readonly MetricMode[] = ['max', 'min'];
const UNITS = ['epoch', 'step'] as const;

function readModel(r: Reader, value: unknown): ModelSpec {
  const kind = r.oneOf(isRecord(value) ? value['kind'] : value, 'model.kind', ['linear-adapter', 'low-rank-residual-adapter', 'hashed-ngram-encoder'] as const);
  switch (kind) {
    case 'linear-adapter': {
      const m = r.record(value, 'model', ['kind', 'side', 'outputDimension']);
      return {
        kind,
        side: r.oneOf(m['side'], 'model.side', SIDES),
        outputDimension: r.nullable(m['outputDimension'], (v) => r.int(v, 'model.outputDimension', 1, MAX_PLAN_DIMENSION)),
      };
    }
    case 'low-rank-residual-adapter': {
      const m = r.record(value, 'model', ['kind', 'side', 'rank']);
      return { kind, side: r.oneOf(m['side'], 'model.side', SIDES), rank: r.int(m['rank'], 'model.rank', 1, MAX_PLAN_DIMENSION) };
    }
    case 'hashed-ngram-encoder': {
      const m = r.record(value, 'model', ['kind', 'dimension', 'buckets']);
      return { kind, dimension: r.int(m['dimension'], 'model.dimension', 1, 4096), buckets: r.int(m['buckets'], 'model.buckets', 1, MAX_BUCKETS) };
    }
  }
}

function readLoss(r: Reader, value: unknown): LossSpec {
  const kind = r.oneOf(isRecord(value) ? value['kind'] : value, 'loss.kind', ['prob-margin', 'info-nce'] as const);
  if (kind === 'prob-margin') {
    const l = r.record(value, 'loss', ['kind', 'margin', 'steep']);
    return { kind, margin: r.number(l['margin'], 'loss.margin', 0, 2), steep: r.boolean(l['steep'], 'loss.steep') };
  }
  const l = r.record(value, 'loss', ['kind', 'temperature', 'inBatchNegatives']);
  return {
    kind,
    temperature: r.number(l['temperature'], 'loss.temperature', 0, 100, { min: true }),
    inBatchNegatives: r.boolean(l['inBatchNegatives'], 'loss.inBatchNegatives'),
  };
}

function readOptimizer(r: Reader, value: unknown): OptimizerSpec {
  const kind = r.oneOf(isRecord(value) ? value['kind'] : value, 'optimizer.kind', ['adam', 'sgd'] as const);
  if (kind === 'adam') {
    const o = r.record(value, 'optimizer', ['kind', 'learningRate', 'beta1', 'beta2', 'epsilon', 'weightDecay']);
    return {
      kind,
      learningRate: r.number(o['learningRate'], 'optimizer.learningRate', 0, 100, { min: true }),
      beta1: r.number(o['beta1'], 'optimizer.beta1', 0, 1, { max: true }),
      beta2: r.number(o['beta2'], 'optimizer.beta2', 0, 1, { max: true }),
      epsilon: r.number(o['epsilon'], 'optimizer.epsilon', 0, 1, { min: true }),
      weightDecay: r.number(o['weightDecay'], 'optimizer.weightDecay', 0, 1),
    };
  }
  const o = r.record(value, 'optimizer', ['kind', 'learningRate', 'momentum', 'weightDecay']);
  return {
    kind,
    learningRate: r.number(o['learningRate'], 'optimizer.learningRate', 0, 100, { min: true }),
    momentum: r.number(o['momentum'], 'optimizer.momentum', 0, 1, { max: true }),
    weightDecay: r.number(o['weightDecay'], 'optimizer.weightDecay', 0, 1),
  };
}

function readWarmup(r: Reader, value: unknown): WarmupSpec | null {
  return r.nullable(value, (v) => {
    const w = r.record(v, 'lrSchedule.warmup', ['unit', 'length', 'startFactor']);
    return {
      unit: r.oneOf(w['unit'], 'lrSchedule.warmup.unit', UNITS),
      length: r.int(w['length'], 'lrSchedule.warmup.length', 1, 1e9),
      startFactor: r.number(w['startFactor'], 'lrSchedule.warmup.startFactor', 0, 1),
    };
  });
}

function readSchedule(r: Reader, value: unknown): LrScheduleSpec {
  const kind = r.oneOf(isRecord(value) ? value['kind'] : value, 'lrSchedule.kind', ['constant', 'step', 'cosine'] as const);
  switch (kind) {
    case 'constant': {
      const s = r.record(value, 'lrSchedule', ['kind', 'warmup']);
      return { kind, warmup: readWarmup(r, s['warmup']) };
    }
    case 'step': {
      const s = r.record(value, 'lrSchedule', ['kind', 'unit', 'stepSize', 'gamma', 'warmup']);
      return {
        kind,
        unit: r.oneOf(s['unit'], 'lrSchedule.unit', UNITS),
        stepSize: r.int(s['stepSize'], 'lrSchedule.stepSize', 1, 1e9),
        gamma: r.number(s['gamma'], 'lrSchedule.gamma', 0, 1, { min: true }),
        warmup: readWarmup(r, s['warmup']),
      };
    }
    case 'cosine': {
      const s = r.record(value, 'lrSchedule', ['kind', 'unit', 'minFactor', 'warmup']);
      return {
        kind,
        unit: r.oneOf(s['unit'], 'lrSchedule.unit', UNITS),
        minFactor: r.number(s['minFactor'], 'lrSchedule.minFactor', 0, 1),
        warmup: readWarmup(r, s['warmup']),
      };
    }
  }
}

/** Every metric name an evaluation produces for a given nDCG cut-off. */
export function knownMetricNames(ndcgK: number): string[] {
  return [
    METRIC_NAMES.notIrrelevantShift,
    METRIC_NAMES.irrelevantShift,
    METRIC_NAMES.testLoss,
    METRIC_NAMES.trainLoss,
    METRIC_NAMES.mrr,
    `${METRIC_NAMES.ndcgPrefix}${ndcgK}`,
  ];
}

function readMetricName(r: Reader, value: unknown, field: string, ndcgK: number): string {
  const known = knownMetricNames(ndcgK);
  if (typeof value === 'string' && known.includes(value)) return value;
  r.issue(field, `must be one of ${known.join(', ')}, got ${describe(value)}`);
  return known[0] as string;
}

function readEvaluation(r: Reader, value: unknown): EvaluationSpec {
  const e = r.record(value, 'evaluation', ['everySteps', 'baseline', 'ndcgK', 'mainMetric']);
  const ndcgK = r.int(e['ndcgK'], 'evaluation.ndcgK', 1, 10_000);
  const main = r.record(e['mainMetric'], 'evaluation.mainMetric', ['name', 'mode']);
  return {
    everySteps: r.nullable(e['everySteps'], (v) => r.int(v, 'evaluation.everySteps', 1, 1e9)),
    baseline: r.boolean(e['baseline'], 'evaluation.baseline'),
    ndcgK,
    mainMetric: {
      name: readMetricName(r, main['name'], 'evaluation.mainMetric.name', ndcgK),
      mode: r.oneOf(main['mode'], 'evaluation.mainMetric.mode', MODES),
    },
  };
}

function readEarlyStopping(r: Reader, value: unknown, ndcgK: number): EarlyStoppingSpec | null {
  return r.nullable(value, (v) => {
    const s = r.record(v, 'earlyStopping', ['metric', 'mode', 'patience', 'minDelta']);
    return {
      metric: readMetricName(r, s['metric'], 'earlyStopping.metric', ndcgK),
      mode: r.oneOf(s['mode'], 'earlyStopping.mode', MODES),
      patience: r.int(s['patience'], 'earlyStopping.patience', 1, 1e6),
      minDelta: r.number(s['minDelta'], 'earlyStopping.minDelta', 0, Infinity),
    };
  });
}

function readFrozen(r: Reader, value: unknown): string[] {
  if (!Array.isArray(value)) {
    r.issue('frozen', `must be an array of parameter group names, got ${describe(value)}`);
    return [];
  }
  const out: string[] = [];
  value.forEach((v, i) => {
    if (typeof v !== 'string' || v === '') r.issue(`frozen.${i}`, `must be a non-empty string, got ${describe(v)}`);
    else if (out.includes(v)) r.issue(`frozen.${i}`, `repeats ${JSON.stringify(v)}`);
    else out.push(v);
  });
  return out;
}

function isPlanJson(value: unknown, depth = 0): value is PlanJson {
  if (depth > 20) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isPlanJson(v, depth + 1));
  if (isRecord(value)) return Object.values(value).every((v) => isPlanJson(v, depth + 1));
  return false;
}

function readDimension(r: Reader, value: unknown, field: string): SearchDimension {
  const type = r.oneOf(isRecord(value) ? value['type'] : value, `${field}.type`, ['choice', 'uniform', 'loguniform', 'int'] as const);
  if (type === 'choice') {
    const d = r.record(value, field, ['type', 'values']);
    const values = d['values'];
    if (!Array.isArray(values) || values.length === 0) {
      r.issue(`${field}.values`, `must be a non-empty array, got ${describe(values)}`);
      return { type, values: [null] };
    }
    values.forEach((v, i) => {
      if (!isPlanJson(v)) r.issue(`${field}.values.${i}`, 'must be a JSON value (finite numbers, strings, booleans, null, arrays, objects)');
    });
    return { type, values: values as PlanJson[] };
  }
  const d = r.record(value, field, ['type', 'low', 'high']);
  if (type === 'int') {
    const low = r.int(d['low'], `${field}.low`, -1e9, 1e9);
    const high = r.int(d['high'], `${field}.high`, -1e9, 1e9);
    if (high < low) r.issue(`${field}.high`, `must be ≥ low (${low}), got ${high}`);
    return { type, low, high };
  }
  const min = type === 'loguniform' ? 0 : -Infinity;
  const low = r.number(d['low'], `${field}.low`, min, Infinity, { min: type === 'loguniform' });
  const high = r.number(d['high'], `${field}.high`, min, Infinity, { min: type === 'loguniform' });
  if (high < low) r.issue(`${field}.high`, `must be ≥ low (${low}), got ${high}`);
  return { type, low, high };
}

function readHyperParams(r: Reader, value: unknown, field: string): HyperParams {
  const p = r.record(value, field, HYPER_PARAM_NAMES);
  return p as HyperParams;
}

function readSearch(r: Reader, value: unknown): SearchSpec | null {
  return r.nullable(value, (v) => {
    const s = r.record(v, 'search', ['space', 'algorithm', 'maxEvals', 'initialMaxEvals', 'initialParams', 'gamma', 'candidates']);
    const space: Record<string, SearchDimension> = {};
    const rawSpace = r.record(s['space'], 'search.space', HYPER_PARAM_NAMES);
    for (const [name, dim] of Object.entries(rawSpace)) {
      if ((HYPER_PARAM_NAMES as readonly string[]).includes(name)) space[name] = readDimension(r, dim, `search.space.${name}`);
    }
    const maxEvals = r.int(s['maxEvals'], 'search.maxEvals', 1, MAX_EVALS);
    const rawInitial = s['initialParams'];
    const initialParams: HyperParams[] = [];
    if (!Array.isArray(rawInitial)) r.issue('search.initialParams', `must be an array of parameter objects, got ${describe(rawInitial)}`);
    else rawInitial.forEach((p, i) => initialParams.push(readHyperParams(r, p, `search.initialParams.${i}`)));
    if (initialParams.length > maxEvals) {
      r.issue('search.maxEvals', `must be ≥ the number of initialParams (${initialParams.length}), got ${maxEvals}`);
    }
    return {
      space,
      algorithm: r.oneOf(s['algorithm'], 'search.algorithm', ['random', 'tpe'] as const),
      maxEvals,
      initialMaxEvals: r.int(s['initialMaxEvals'], 'search.initialMaxEvals', 1, MAX_EVALS),
      initialParams,
      gamma: r.number(s['gamma'], 'search.gamma', 0, 1, { min: true, max: true }),
      candidates: r.int(s['candidates'], 'search.candidates', 1, 10_000),
    };
  });
}

const PLAN_KEYS = [
  'version',
  'model',
  'loss',
  'optimizer',
  'lrSchedule',
  'epochs',
  'batchSize',
  'maxNegatives',
  'evaluation',
  'earlyStopping',
  'frozen',
  'seed',
  'search',
] as const;

/** Reads a plan without the cross-field checks; returns it with the issues found. */
function readPlan(value: unknown): { plan: TrainingPlan; issues: FieldIssue[] } {
  const r = new Reader();
  const p = r.record(value, '', PLAN_KEYS);
  if (p['version'] !== 1) r.issue('version', `must be 1 (the plan format this package reads), got ${describe(p['version'])}`);
  const evaluation = readEvaluation(r, p['evaluation']);
  const plan: TrainingPlan = {
    version: 1,
    model: readModel(r, p['model']),
    loss: readLoss(r, p['loss']),
    optimizer: readOptimizer(r, p['optimizer']),
    lrSchedule: readSchedule(r, p['lrSchedule']),
    epochs: r.int(p['epochs'], 'epochs', 1, MAX_EPOCHS),
    batchSize: r.int(p['batchSize'], 'batchSize', 1, MAX_BATCH),
    maxNegatives: r.nullable(p['maxNegatives'], (v) => r.int(v, 'maxNegatives', 1, 1_000_000)),
    evaluation,
    earlyStopping: readEarlyStopping(r, p['earlyStopping'], evaluation.ndcgK),
    frozen: readFrozen(r, p['frozen']),
    seed: r.int(p['seed'], 'seed', 0, 0xffffffff),
    search: readSearch(r, p['search']),
  };
  return { plan, issues: r.issues };
}

/**
 * Applies trial parameters to a plan. Returns the issues (field named after the parameter)
 * instead of throwing, so search-space checks can report every bad value at once.
 */
export function applyHyperParamsUnchecked(plan: TrainingPlan, params: HyperParams, field = 'params'): { plan: TrainingPlan; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  let { model, loss, optimizer, batchSize, epochs, maxNegatives } = plan;
  const bad = (name: string, message: string): void => {
    issues.push({ field: `${field}.${name}`, message });
  };
  for (const [name, value] of Object.entries(params) as [keyof HyperParams, unknown][]) {
    if (value === undefined) continue;
    switch (name) {
      case 'learningRate':
        optimizer = { ...optimizer, learningRate: value as number };
        break;
      case 'weightDecay':
        optimizer = { ...optimizer, weightDecay: value as number };
        break;
      case 'momentum':
        if (optimizer.kind !== 'sgd') bad(name, `applies to the 'sgd' optimizer only; this plan uses '${optimizer.kind}'`);
        else optimizer = { ...optimizer, momentum: value as number };
        break;
      case 'margin':
        if (loss.kind !== 'prob-margin') bad(name, `applies to the 'prob-margin' loss only; this plan uses '${loss.kind}'`);
        else loss = { ...loss, margin: value as number };
        break;
      case 'steep':
        if (loss.kind !== 'prob-margin') bad(name, `applies to the 'prob-margin' loss only; this plan uses '${loss.kind}'`);
        else loss = { ...loss, steep: value as boolean };
        break;
      case 'temperature':
        if (loss.kind !== 'info-nce') bad(name, `applies to the 'info-nce' loss only; this plan uses '${loss.kind}'`);
        else loss = { ...loss, temperature: value as number };
        break;
      case 'rank':
        if (model.kind !== 'low-rank-residual-adapter') bad(name, `applies to the 'low-rank-residual-adapter' model only; this plan uses '${model.kind}'`);
        else model = { ...model, rank: value as number };
        break;
      case 'batchSize':
        batchSize = value as number;
        break;
      case 'epochs':
        epochs = value as number;
        break;
      case 'maxNegatives':
        maxNegatives = value as number;
        break;
      default:
        bad(name, `is not a known hyperparameter; use some of ${HYPER_PARAM_NAMES.join(', ')}`);
    }
  }
  const next: TrainingPlan = { ...plan, model, loss, optimizer, batchSize, epochs, maxNegatives };
  if (issues.length === 0) {
    // Re-read the changed plan so wrong types / ranges are reported under the parameter's name.
    const { issues: planIssues } = readPlan({ ...next, search: null });
    const paramFields: Record<string, HyperParamNameField> = PARAM_FIELDS;
    for (const issue of planIssues) {
      const param = Object.keys(params).find((n) => paramFields[n]?.(issue.field));
      issues.push(param ? { field: `${field}.${param}`, message: issue.message } : issue);
    }
  }
  return { plan: next, issues };
}

type HyperParamNameField = (planField: string) => boolean;
const PARAM_FIELDS: Record<keyof HyperParams, HyperParamNameField> = {
  learningRate: (f) => f === 'optimizer.learningRate',
  weightDecay: (f) => f === 'optimizer.weightDecay',
  momentum: (f) => f === 'optimizer.momentum',
  margin: (f) => f === 'loss.margin',
  steep: (f) => f === 'loss.steep',
  temperature: (f) => f === 'loss.temperature',
  batchSize: (f) => f === 'batchSize',
  epochs: (f) => f === 'epochs',
  maxNegatives: (f) => f === 'maxNegatives',
  rank: (f) => f === 'model.rank',
};

/**
 * Applies trial parameters to a validated plan (e.g. `{ learningRate: 1e-3, margin: 0.05 }`).
 *
 * @throws FineTuningInvalidPlanError naming `params.<name>` for an inapplicable or invalid value.
 */
export function applyHyperParams(plan: TrainingPlan, params: HyperParams): TrainingPlan {
  const { plan: next, issues } = applyHyperParamsUnchecked(plan, params);
  if (issues.length > 0) throw new FineTuningInvalidPlanError(issues);
  return next;
}

/** Checks that every value the search may draw gives a valid plan. */
function checkSearchAgainstPlan(plan: TrainingPlan, issues: FieldIssue[]): void {
  const search = plan.search;
  if (!search) return;
  const base = { ...plan, search: null };
  for (const [name, dim] of Object.entries(search.space)) {
    const samples: { value: unknown; field: string }[] =
      dim.type === 'choice'
        ? dim.values.map((value, i) => ({ value, field: `search.space.${name}.values.${i}` }))
        : [
            { value: dim.low, field: `search.space.${name}.low` },
            { value: dim.high, field: `search.space.${name}.high` },
          ];
    for (const { value, field } of samples) {
      const { issues: found } = applyHyperParamsUnchecked(base, { [name]: value } as HyperParams, 'x');
      for (const issue of found) issues.push({ field, message: issue.message });
    }
  }
  search.initialParams.forEach((params, i) => {
    const { issues: found } = applyHyperParamsUnchecked(base, params, `search.initialParams.${i}`);
    issues.push(...found);
  });
}

/**
 * Validates a complete plan (e.g. parsed from JSON) and returns a deeply frozen copy.
 * Checks every field, cross-field rules (parameters that apply to this loss / model / optimizer)
 * and every value the search space can produce.
 *
 * @throws FineTuningInvalidPlanError listing every invalid field.
 */
export function parseTrainingPlan(value: unknown): TrainingPlan {
  const { plan, issues } = readPlan(value);
  if (issues.length === 0) checkSearchAgainstPlan(plan, issues);
  if (issues.length > 0) throw new FineTuningInvalidPlanError(dedupe(issues));
  return deepFreeze(structuredClone(plan));
}

function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.field}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Freezes an object graph in place and returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
