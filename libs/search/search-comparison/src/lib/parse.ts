// Validation of the comparison routes' inputs: every problem is reported at once, by field name.
import { FieldIssues } from '@embedding-studio/errors';
import { collectionNameProblem } from '@embedding-studio/search-core';
import { ComparisonValidationError } from '../errors.js';
import type { ComparisonMethod } from './model.js';

export interface NewComparison {
  collection: string;
  candidate_model_id: string;
  method: ComparisonMethod;
  share: number;
  alpha: number;
  min_queries: number;
  max_queries: number;
}

export interface EstimateRequest {
  collection: string;
  candidate_model_id: string;
  max_sessions: number;
}

/** Defaults of `POST /comparisons`. */
export const COMPARISON_DEFAULTS = { method: 'interleaving', share: 0.2, alpha: 0.05, min_queries: 200, max_queries: 5000 } as const;
/** Largest `max_queries` (and `max_sessions` of an estimate). */
export const MAX_QUERIES_LIMIT = 1_000_000;
export const DEFAULT_ESTIMATE_SESSIONS = 5000;
export const MAX_ESTIMATE_SESSIONS = 50_000;

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ComparisonValidationError([{ field: 'body', message: 'send a JSON object' }]);
  return body as Record<string, unknown>;
}

function checkUnknown(b: Record<string, unknown>, known: readonly string[], issues: FieldIssues): void {
  for (const key of Object.keys(b)) if (!known.includes(key)) issues.add(key, `unknown field; allowed: ${known.join(', ')}`);
}

function name(b: Record<string, unknown>, field: string, issues: FieldIssues): string {
  const v = b[field];
  const problem = collectionNameProblem(v);
  if (problem !== undefined) return issues.add(field, `send a collection name: it ${problem}`) ?? '';
  return v as string;
}

function modelId(b: Record<string, unknown>, issues: FieldIssues): string {
  const v = b['candidate_model_id'];
  if (typeof v !== 'string' || v.trim() === '' || v.length > 200) return issues.add('candidate_model_id', 'send the id of a model of GET /models (a non-empty string)') ?? '';
  return v;
}

function integer(b: Record<string, unknown>, field: string, fallback: number, min: number, max: number, issues: FieldIssues): number {
  const v = b[field] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return issues.add(field, `send an integer from ${min} to ${max}`) ?? fallback;
  return v;
}

function fraction(b: Record<string, unknown>, field: string, fallback: number, max: number, hint: string, issues: FieldIssues): number {
  const v = b[field] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > max) return issues.add(field, hint) ?? fallback;
  return v;
}

/** `POST /comparisons` body, defaults applied. */
export function parseNewComparison(body: unknown): NewComparison {
  const b = object(body);
  const issues = new FieldIssues();
  checkUnknown(b, ['collection', 'candidate_model_id', 'method', 'share', 'alpha', 'min_queries', 'max_queries'], issues);
  const collection = name(b, 'collection', issues);
  const candidate_model_id = modelId(b, issues);
  const method = b['method'] ?? COMPARISON_DEFAULTS.method;
  if (method !== 'interleaving' && method !== 'ab') issues.add('method', 'send "interleaving" or "ab"');
  const share = fraction(b, 'share', COMPARISON_DEFAULTS.share, 1, 'send the share of searches to compare, a number in (0, 1]', issues);
  const alpha = fraction(b, 'alpha', COMPARISON_DEFAULTS.alpha, 0.5, 'send the significance level, a number in (0, 0.5] (e.g. 0.05)', issues);
  const min_queries = integer(b, 'min_queries', COMPARISON_DEFAULTS.min_queries, 1, MAX_QUERIES_LIMIT, issues);
  const max_queries = integer(b, 'max_queries', COMPARISON_DEFAULTS.max_queries, 1, MAX_QUERIES_LIMIT, issues);
  if (issues.ok && max_queries < min_queries) issues.add('max_queries', `send at least min_queries (${min_queries})`);
  issues.throwIfAny((i) => new ComparisonValidationError(i));
  return { collection, candidate_model_id, method: method as ComparisonMethod, share, alpha, min_queries, max_queries };
}

/** `POST /comparisons/estimate` body. */
export function parseEstimate(body: unknown): EstimateRequest {
  const b = object(body);
  const issues = new FieldIssues();
  checkUnknown(b, ['collection', 'candidate_model_id', 'max_sessions'], issues);
  const collection = name(b, 'collection', issues);
  const candidate_model_id = modelId(b, issues);
  const max_sessions = integer(b, 'max_sessions', DEFAULT_ESTIMATE_SESSIONS, 1, MAX_ESTIMATE_SESSIONS, issues);
  issues.throwIfAny((i) => new ComparisonValidationError(i));
  return { collection, candidate_model_id, max_sessions };
}

/** `?collection=<name>` of `GET /comparisons`. */
export function parseListQuery(query: Record<string, unknown>): string {
  const issues = new FieldIssues();
  const collection = name(query, 'collection', issues);
  issues.throwIfAny((i) => new ComparisonValidationError(i));
  return collection;
}

const collectionName = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,47}$', not: { pattern: '_v[0-9]+$' } } as const;
const modelIdSchema = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' } as const;
/** What both bodies start with: the collection and the candidate model. */
const target = { type: 'object', required: ['collection', 'candidate_model_id'], additionalProperties: false } as const;

/** JSON Schemas (2020-12) of the bodies and query the parsers above accept, for the OpenAPI document. */
export const COMPARISON_SCHEMAS = {
  newComparison: {
    ...target,
    properties: {
      collection: collectionName,
      candidate_model_id: modelIdSchema,
      method: { enum: ['interleaving', 'ab'], default: COMPARISON_DEFAULTS.method },
      share: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: COMPARISON_DEFAULTS.share },
      alpha: { type: 'number', exclusiveMinimum: 0, maximum: 0.5, default: COMPARISON_DEFAULTS.alpha },
      min_queries: { type: 'integer', minimum: 1, maximum: MAX_QUERIES_LIMIT, default: COMPARISON_DEFAULTS.min_queries },
      max_queries: { type: 'integer', minimum: 1, maximum: MAX_QUERIES_LIMIT, default: COMPARISON_DEFAULTS.max_queries, description: 'at least min_queries' },
    },
    examples: [{ collection: 'docs', candidate_model_id: 'm1' }, { collection: 'docs', candidate_model_id: 'm1', method: 'ab', share: 0.5, alpha: 0.01, min_queries: 100, max_queries: 1000 }],
  },
  estimate: {
    ...target,
    properties: {
      collection: collectionName,
      candidate_model_id: modelIdSchema,
      max_sessions: { type: 'integer', minimum: 1, maximum: MAX_ESTIMATE_SESSIONS, default: DEFAULT_ESTIMATE_SESSIONS },
    },
    examples: [{ collection: 'docs', candidate_model_id: 'm1' }, { collection: 'docs', candidate_model_id: 'm1', max_sessions: 100 }],
  },
  listQuery: { collection: collectionName },
} as const;
