import type { FieldIssue } from '@embedding-studio/errors';
import { FineTuningInvalidDataError } from '../../errors.js';

/** Precomputed vectors by id: `ids.length` rows of `dimension` floats, row-major. */
export interface VectorTable {
  readonly ids: readonly string[];
  readonly dimension: number;
  readonly data: Float32Array;
}

/** Raw texts by id (for models that embed texts). */
export interface TextTable {
  readonly ids: readonly string[];
  readonly texts: readonly string[];
}

/**
 * One search session as a ranking example: the query, the clicked results (positives) and the
 * shown-but-not-clicked ones (negatives). A session without positives is "irrelevant": it does
 * not train (there is no pair), but on the test split it measures whether the results of a
 * failed search moved away from the query.
 */
export interface TrainingExample {
  readonly queryId: string;
  readonly positives: readonly string[];
  readonly negatives: readonly string[];
  /** Weight of the example's rows in the loss (IPS or confidence). @defaultValue 1 */
  readonly weight?: number;
}

/** Everything a training reads: split examples and the query / item tables they reference. */
export interface TrainingData {
  readonly train: readonly TrainingExample[];
  readonly test: readonly TrainingExample[];
  readonly queries: VectorTable | TextTable;
  readonly items: VectorTable | TextTable;
}

export const isVectorTable = (t: VectorTable | TextTable): t is VectorTable => 'data' in t;

/** Id → row lookup of a table. */
export interface IndexedTable {
  readonly table: VectorTable | TextTable;
  readonly rows: ReadonlyMap<string, number>;
  readonly size: number;
}

/** A training example resolved to table rows. */
export interface IndexedExample {
  readonly query: number;
  readonly positives: Int32Array;
  readonly negatives: Int32Array;
  readonly weight: number;
}

export interface IndexedData {
  readonly queries: IndexedTable;
  readonly items: IndexedTable;
  readonly train: readonly IndexedExample[];
  readonly test: readonly IndexedExample[];
  /** `vectors` when both tables hold vectors, `texts` when both hold texts. */
  readonly input: 'vectors' | 'texts';
  /** Vector dimension (`null` for texts). */
  readonly dimension: number | null;
}

const isFloat32Array = (v: unknown): v is Float32Array => Object.prototype.toString.call(v) === '[object Float32Array]';

function indexTable(table: unknown, field: string, issues: FieldIssue[]): IndexedTable | null {
  if (typeof table !== 'object' || table === null) {
    issues.push({ field, message: 'must be a vector table { ids, dimension, data } or a text table { ids, texts }' });
    return null;
  }
  const t = table as Record<string, unknown>;
  const ids = t['ids'];
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
    issues.push({ field: `${field}.ids`, message: 'must be an array of string ids' });
    return null;
  }
  const rows = new Map<string, number>();
  ids.forEach((id: string, i) => {
    if (rows.has(id)) issues.push({ field: `${field}.ids.${i}`, message: `repeats id ${JSON.stringify(id)} (ids must be unique)` });
    else rows.set(id, i);
  });
  if ('data' in t) {
    const dim = t['dimension'];
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 1) {
      issues.push({ field: `${field}.dimension`, message: `must be a positive integer, got ${String(dim)}` });
      return null;
    }
    const data = t['data'];
    if (!isFloat32Array(data)) {
      issues.push({ field: `${field}.data`, message: 'must be a Float32Array' });
      return null;
    }
    if (data.length !== ids.length * dim) {
      issues.push({ field: `${field}.data`, message: `holds ${data.length} values but ids.length × dimension = ${ids.length * dim}` });
      return null;
    }
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        issues.push({ field: `${field}.data`, message: `holds a non-finite value at row ${Math.floor(i / dim)} (${String(data[i])})` });
        return null;
      }
    }
  } else if ('texts' in t) {
    const texts = t['texts'];
    if (!Array.isArray(texts) || texts.length !== ids.length || !texts.every((x) => typeof x === 'string')) {
      issues.push({ field: `${field}.texts`, message: 'must be an array of strings, one per id' });
      return null;
    }
  } else {
    issues.push({ field, message: 'must hold either data (vectors) or texts' });
    return null;
  }
  return { table: table as VectorTable | TextTable, rows, size: ids.length };
}

function indexExamples(
  examples: unknown,
  field: string,
  queries: IndexedTable,
  items: IndexedTable,
  issues: FieldIssue[],
): IndexedExample[] {
  if (!Array.isArray(examples)) {
    issues.push({ field, message: 'must be an array of examples { queryId, positives, negatives }' });
    return [];
  }
  const out: IndexedExample[] = [];
  const before = issues.length;
  examples.forEach((raw: unknown, i) => {
    if (issues.length - before >= 20) return;
    const at = `${field}.${i}`;
    if (typeof raw !== 'object' || raw === null) {
      issues.push({ field: at, message: 'must be an object { queryId, positives, negatives }' });
      return;
    }
    const e = raw as Record<string, unknown>;
    const q = typeof e['queryId'] === 'string' ? queries.rows.get(e['queryId']) : undefined;
    if (q === undefined) {
      issues.push({ field: `${at}.queryId`, message: `${JSON.stringify(e['queryId'])} is not an id of the queries table` });
      return;
    }
    const resolve = (key: 'positives' | 'negatives'): Int32Array | null => {
      const list = e[key];
      if (!Array.isArray(list)) {
        issues.push({ field: `${at}.${key}`, message: 'must be an array of item ids' });
        return null;
      }
      const rows = new Int32Array(list.length);
      for (let j = 0; j < list.length; j++) {
        const row = typeof list[j] === 'string' ? items.rows.get(list[j] as string) : undefined;
        if (row === undefined) {
          issues.push({ field: `${at}.${key}.${j}`, message: `${JSON.stringify(list[j])} is not an id of the items table` });
          return null;
        }
        rows[j] = row;
      }
      return rows;
    };
    const positives = resolve('positives');
    const negatives = resolve('negatives');
    if (!positives || !negatives) return;
    const posSet = new Set(positives);
    if (posSet.size !== positives.length) issues.push({ field: `${at}.positives`, message: 'repeats an item id' });
    if (new Set(negatives).size !== negatives.length) issues.push({ field: `${at}.negatives`, message: 'repeats an item id' });
    if (negatives.some((n) => posSet.has(n))) issues.push({ field: `${at}.negatives`, message: 'contains an item that is also a positive' });
    const weight = e['weight'] ?? 1;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      issues.push({ field: `${at}.weight`, message: `must be a finite number ≥ 0, got ${String(weight)}` });
      return;
    }
    out.push({ query: q, positives, negatives, weight });
  });
  return out;
}

/**
 * Validates training data and resolves every id to a table row.
 *
 * Rules: tables have unique ids and consistent shapes; both tables hold vectors of the same
 * dimension, or both hold texts; every id in an example exists; the train split has at least
 * one example with a positive and a negative (otherwise there is no pair to learn from); the
 * test split has at least one example with a positive (the main metric needs one).
 *
 * @throws FineTuningInvalidDataError naming every bad field (at most 20 per split).
 */
export function indexTrainingData(data: TrainingData): IndexedData {
  const issues: FieldIssue[] = [];
  if (typeof data !== 'object' || data === null) throw new FineTuningInvalidDataError([{ field: 'data', message: 'must be an object { train, test, queries, items }' }]);
  const queries = indexTable(data.queries, 'data.queries', issues);
  const items = indexTable(data.items, 'data.items', issues);
  if (!queries || !items) throw new FineTuningInvalidDataError(issues);
  const qVec = isVectorTable(queries.table);
  const iVec = isVectorTable(items.table);
  if (qVec !== iVec) {
    issues.push({ field: 'data.items', message: `holds ${iVec ? 'vectors' : 'texts'} but data.queries holds ${qVec ? 'vectors' : 'texts'}; give both as vectors or both as texts` });
  } else if (qVec && (queries.table as VectorTable).dimension !== (items.table as VectorTable).dimension) {
    issues.push({
      field: 'data.items.dimension',
      message: `is ${(items.table as VectorTable).dimension} but data.queries.dimension is ${(queries.table as VectorTable).dimension}; embed both with the same base model`,
    });
  }
  const train = indexExamples(data.train, 'data.train', queries, items, issues);
  const test = indexExamples(data.test, 'data.test', queries, items, issues);
  if (issues.length === 0) {
    if (!train.some((e) => e.positives.length > 0 && e.negatives.length > 0 && e.weight > 0)) {
      issues.push({ field: 'data.train', message: 'has no example with a clicked (positive) and a non-clicked (negative) item and weight > 0; collect more sessions with clicks' });
    }
    if (!test.some((e) => e.positives.length > 0)) {
      issues.push({ field: 'data.test', message: 'has no example with a clicked (positive) item, so the main metric cannot be measured; move some sessions with clicks to the test split' });
    }
  }
  if (issues.length > 0) throw new FineTuningInvalidDataError(issues);
  return {
    queries,
    items,
    train,
    test,
    input: qVec ? 'vectors' : 'texts',
    dimension: qVec ? (queries.table as VectorTable).dimension : null,
  };
}
