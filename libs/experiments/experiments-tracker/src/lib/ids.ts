import { canonicalJson, sha256Hex, type JsonValue } from '@embedding-studio/primitives';

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
