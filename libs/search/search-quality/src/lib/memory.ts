// In-memory adapters of the ports: for unit tests and single-process use.
import { rollupId } from './buckets.js';
import type { QualityEntry } from './entries.js';
import type { FoldLease, HourRollup, HourState, HourStateStore, LoggedEntry, QualityLog, QualityRollupStore } from './ports.js';

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

export function createMemoryLog(): QualityLog & { size(): number } {
  const entries = new Map<string, LoggedEntry>();
  let seq = 0;
  return {
    async append(list: QualityEntry[]) {
      for (const e of list) {
        const id = String(++seq).padStart(12, '0');
        entries.set(id, { ...structuredClone(e), id });
      }
    },
    async read(limit) {
      return [...entries.values()].slice(0, limit).map((e) => structuredClone(e));
    },
    async remove(ids) {
      for (const id of ids) entries.delete(id);
    },
    size: () => entries.size,
  };
}

export function createMemoryHourStates(): HourStateStore {
  const states = new Map<string, HourState>();
  return {
    async get(collection, hour) {
      const s = states.get(`${collection}:${hour}`);
      return s ? structuredClone(s) : null;
    },
    async put(state) {
      states.set(`${state.collection}:${state.hour}`, structuredClone(state));
    },
  };
}

export function createMemoryLease(now: () => number = () => Date.now()): FoldLease {
  let held: { owner: string; until: number } | null = null;
  return {
    async acquire(owner, ttlMs) {
      if (held && held.until > now()) return false;
      held = { owner, until: now() + ttlMs };
      return true;
    },
    async release(owner) {
      if (held?.owner === owner) held = null;
    },
  };
}
