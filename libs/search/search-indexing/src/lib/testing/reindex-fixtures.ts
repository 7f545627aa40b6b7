import type { CollectionSpec } from '@embedding-studio/vector-index';
import type { EmbeddedBatch } from '../ports.js';
import type { LiveProfile, ReindexCatalog, ReindexEncoders } from '../reindex-ports.js';
import { createHashEncoder } from './fixtures.js';

/**
 * A catalog of profiles in memory: `profiles` holds every version, the last is active. Items
 * embed their `text` field; physical versions are `<name>_v<n>` with one `embedding` slot.
 */
export function createMemoryReindexCatalog(first: LiveProfile): ReindexCatalog & { profiles: Array<LiveProfile & { gate?: Record<string, unknown> }> } {
  const profiles: Array<LiveProfile & { gate?: Record<string, unknown> }> = [first];
  return {
    profiles,
    async active() {
      return profiles[profiles.length - 1] as LiveProfile;
    },
    async textOf() {
      return (fields) => String(fields['text'] ?? '');
    },
    async physicalSpec(collection, n, dims): Promise<CollectionSpec> {
      return { name: `${collection}_v${n}`, vectors: { embedding: { dims, metric: 'cosine' } }, payload: { text: 'text' } };
    },
    async switchTo(_collection, next) {
      const active = profiles[profiles.length - 1] as LiveProfile;
      if (active.version !== next.expectVersion) return null;
      profiles.push({ version: active.version + 1, encoder: next.encoder, target: next.target, slot: next.slot, gate: next.gate });
      return { version: active.version + 1 };
    },
  };
}

/** Hash encoders by name: `name → [dimension, salt]`; a name ending in `-flat` maps every text to one vector. */
export function createHashEncoders(specs: Record<string, number>): ReindexEncoders & { calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const embed = async (name: string, texts: readonly string[]): Promise<EmbeddedBatch> => {
    const dims = specs[name];
    if (dims === undefined) throw new Error(`unknown encoder ${name}`);
    calls[name] = (calls[name] ?? 0) + 1;
    return createHashEncoder(dims, name).embedItems(name.endsWith('-flat') ? texts.map(() => 'same') : texts);
  };
  return {
    calls,
    names: () => Object.keys(specs),
    dimension: async (name) => specs[name] ?? 0,
    embedItems: embed,
    embedQueries: (profile, texts) => embed(profile.encoder, texts),
  };
}
