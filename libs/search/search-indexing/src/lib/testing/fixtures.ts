import { ValidationError } from '@embedding-studio/errors';
import type { IndexingJob, PlannedUnit } from '../model.js';
import type { EmbeddedBatch, ImportedItem, ImportTarget, ItemEncoder, JsonlSource } from '../ports.js';

/** A JSONL source over strings in memory, served in chunks of `chunkBytes` (small chunks cut lines and characters). */
export function createMemoryJsonlSource(files: Record<string, string>, options: { chunkBytes?: number; name?: string } = {}): JsonlSource {
  const bytes = new Map(Object.entries(files).map(([k, v]) => [k, new TextEncoder().encode(v)]));
  const chunk = options.chunkBytes ?? 7;
  return {
    name: options.name ?? 'memory',
    async list(): Promise<PlannedUnit[]> {
      return [...bytes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, b]) => ({ key, size: b.length }));
    },
    async *open(key, offset) {
      const b = bytes.get(key);
      if (!b) throw new Error(`no unit ${key}`);
      for (let i = offset; i < b.length; i += chunk) yield b.slice(i, Math.min(b.length, i + chunk));
    },
  };
}

/** A deterministic encoder: each text's vector comes from a hash of `salt` + its characters (unit length). */
export function createHashEncoder(dimension = 8, salt = ''): ItemEncoder & { calls: number } {
  const encoder = {
    calls: 0,
    async embedItems(texts: readonly string[]): Promise<EmbeddedBatch> {
      encoder.calls += 1;
      const data = new Float32Array(texts.length * dimension);
      texts.forEach((text, row) => {
        let h = 2166136261;
        for (let d = 0; d < dimension; d++) {
          for (const c of salt + text) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
          h = Math.imul(h ^ d, 16777619) >>> 0;
          data[row * dimension + d] = (h % 2000) / 1000 - 1;
        }
        let norm = 0;
        for (let d = 0; d < dimension; d++) norm += (data[row * dimension + d] ?? 0) ** 2;
        norm = Math.sqrt(norm) || 1;
        for (let d = 0; d < dimension; d++) data[row * dimension + d] = (data[row * dimension + d] ?? 0) / norm;
      });
      return { count: texts.length, dimension, data };
    },
  };
  return encoder;
}

/** An import target that keeps items in a map; `textOf` joins `fields` and rejects items with none of them. */
export function createRecordingTarget(options: { fields?: string[]; encoder?: ItemEncoder } = {}): ImportTarget & {
  items: Map<string, { fields: Record<string, unknown>; vector: Float32Array }>;
  upserts: number;
} {
  const fields = options.fields ?? ['text'];
  const target = {
    encoder: options.encoder ?? createHashEncoder(),
    items: new Map<string, { fields: Record<string, unknown>; vector: Float32Array }>(),
    upserts: 0,
    textOf(item: ImportedItem): string {
      const parts = fields.map((f) => item.fields[f]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
      if (parts.length === 0) throw new ValidationError('TEST_ITEM_VALIDATION', [{ field: fields[0] ?? 'text', message: 'must be a non-empty string' }]);
      return parts.join('\n');
    },
    async upsert(items: readonly ImportedItem[], vectors: EmbeddedBatch): Promise<void> {
      target.upserts += 1;
      items.forEach((item, i) => target.items.set(item.id, { fields: item.fields, vector: vectors.data.slice(i * vectors.dimension, (i + 1) * vectors.dimension) }));
    },
  };
  return target;
}

/** Makes every call of a wrapped port count; the call numbered `failAt` throws (a simulated crash). */
export function createCrashPlan(failAt: number): { tick(stage: string): void; calls: number; crashed: string | null } {
  const plan = {
    calls: 0,
    crashed: null as string | null,
    tick(stage: string) {
      plan.calls += 1;
      if (plan.calls === failAt) {
        plan.crashed = stage;
        throw new Error(`simulated crash at call ${failAt} (${stage})`);
      }
    },
  };
  return plan;
}

/** JSONL text of `n` items `{id: "<prefix><i>", text: "…"}`. */
export function jsonlItems(n: number, prefix = 'i'): string {
  return Array.from({ length: n }, (_, i) => JSON.stringify({ id: `${prefix}${i}`, text: `item ${prefix}${i} about ${['cells', 'stars', 'rivers', 'proteins'][i % 4]}` })).join('\n') + '\n';
}

/** A pending import job. */
export function anImportJob(overrides: Partial<IndexingJob> = {}): IndexingJob {
  const now = new Date('2026-01-01T00:00:00Z');
  return {
    id: 'job-1',
    kind: 'import',
    collection: 'docs',
    status: 'pending',
    import: { source: { kind: 'jsonl', path: 'items.jsonl' }, id_field: 'id', batch_size: 4 },
    created_at: now,
    updated_at: now,
    attempt: 0,
    ...overrides,
  };
}
