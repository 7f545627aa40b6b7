// In-memory adapters of the ports: for unit tests and single-process use.
import { rollupId } from './buckets.js';
import type { SearchRecord } from './metrics.js';
import type { DirtyHour, FoldLease, HourRollup, QualityMarks, QualityRollupStore, QualitySource } from './ports.js';

export function createMemoryRollupStore(): QualityRollupStore & { all(): HourRollup[] } {
  const docs = new Map<string, HourRollup>();
  return {
    async read(collection, fromHour, to) {
      return [...docs.values()].filter((r) => r.collection === collection && r.hour >= fromHour && r.hour < to).map((r) => structuredClone(r));
    },
    async write(rollups) {
      for (const r of rollups) docs.set(rollupId(r.collection, r.version, r.hour), structuredClone(r));
    },
    all: () => [...docs.values()],
  };
}

export function createMemoryMarks(): QualityMarks {
  const marks = new Map<string, DirtyHour>();
  return {
    async mark(hours) {
      for (const h of hours) marks.set(`${h.collection}:${h.hour}`, { ...h });
    },
    async take(limit) {
      const out = [...marks.values()].sort((a, b) => a.hour - b.hour).slice(0, limit);
      for (const h of out) marks.delete(`${h.collection}:${h.hour}`);
      return out;
    },
  };
}

export function createMemoryLease(now: () => number = () => Date.now()): FoldLease {
  let held: { owner: string; until: number } | null = null;
  return {
    async acquire(owner, ttlMs) {
      if (held && held.owner !== owner && held.until > now()) return false;
      held = { owner, until: now() + ttlMs };
      return true;
    },
    async release(owner) {
      if (held?.owner === owner) held = null;
    },
  };
}

/** A source over records kept in memory, by collection. */
export function createMemorySource(records: Map<string, SearchRecord[]>): QualitySource {
  return {
    async searches(collection, from, to) {
      return (records.get(collection) ?? []).filter((r) => r.created_at >= from && r.created_at < to).map((r) => structuredClone(r));
    },
  };
}
