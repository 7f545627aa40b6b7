import { createHash } from 'node:crypto';
import type { JsonValue } from './model.js';

/** sha256 of bytes or a UTF-8 string, lowercase hex. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * JSON with object keys sorted (recursively, by UTF-16 code units); arrays keep their order.
 * For a flat object it is `JSON.stringify` of its entries sorted by key.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${(value as readonly JsonValue[]).map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as { readonly [key: string]: JsonValue }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** A run's name: sha256 (hex) of the canonical JSON of its parameters. */
export function runNameOf(params: { readonly [key: string]: JsonValue }): string {
  return sha256Hex(canonicalJson(params));
}

/**
 * How record ids are derived. Every function must be deterministic and injective, because
 * idempotency rests on it: a retried task computes the same ids and finds its records. Ids
 * appear in artifact keys and URLs, so keep them to `[A-Za-z0-9._-]`.
 */
export interface ExperimentIds {
  /** The iteration of `(plugin, batchId)`; `batchId` null is the plugin's initial iteration. */
  iteration(plugin: string, batchId: string | null): string;
  /** The run named `runName` in an iteration. */
  run(iterationId: string, runName: string): string;
  /** The `seq`-th best model of an iteration (seq 1, 2, 3…). */
  model(iterationId: string, seq: number): string;
}

/**
 * `it-<24 hex>` (sha256 of `[plugin, batchId]`), `run-<24 hex>` (sha256 of
 * `<iterationId>/<runName>`), `<iterationId>-m<seq>`.
 */
export const defaultExperimentIds: ExperimentIds = {
  iteration: (plugin, batchId) => `it-${sha256Hex(JSON.stringify([plugin, batchId])).slice(0, 24)}`,
  run: (iterationId, runName) => `run-${sha256Hex(`${iterationId}/${runName}`).slice(0, 24)}`,
  model: (iterationId, seq) => `${iterationId}-m${seq}`,
};

const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/octet-stream': 'bin',
  'application/json': 'json',
  'application/zip': 'zip',
  'application/gzip': 'gz',
  'application/x-gzip': 'gz',
  'application/x-tar': 'tar',
  'application/onnx': 'onnx',
  'application/x-onnx': 'onnx',
  'application/vnd.onnx': 'onnx',
  'application/x-protobuf': 'pb',
  'application/vnd.embedding-studio.model': 'esmodel',
  'text/plain': 'txt',
};

/** File extension of a content type (parameters ignored); `bin` for types it does not know. */
export function extensionFor(contentType: string): string {
  const bare = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return EXTENSIONS[bare] ?? 'bin';
}
