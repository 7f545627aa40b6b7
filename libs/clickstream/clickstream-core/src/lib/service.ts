import { isAppError } from '@embedding-studio/errors';
import type { ClickstreamLimits } from './limits.js';
import type { RegisteredSession } from './model.js';
import {
  parseAppendResults,
  parseBatchQuery,
  parseBatchSessionsQuery,
  parseBulkEvent,
  parseBulkItems,
  parseNewEvents,
  parseNewSession,
  parseRelease,
  parseSessionQuery,
  parseSessionRef,
} from './parse.js';
import type { AddEventsResult, BatchSummary, RegisterResult } from './store.js';
import {
  type BatchSessionsPage,
  type ClickstreamUseCases,
  type ClickstreamUseCasesOptions,
  type ItemOutcome,
  type ReleaseView,
  type SessionView,
  createClickstreamUseCases,
} from './use-cases.js';

export type ClickstreamServiceOptions = ClickstreamUseCasesOptions;

/**
 * The clickstream behind the HTTP API: every method takes untrusted input (a JSON body or query),
 * parses it, and calls the typed use case in `useCases`. Errors are coded (`CLICKSTREAM_*`); the
 * app maps their categories to HTTP statuses.
 */
export interface ClickstreamService {
  readonly limits: Readonly<ClickstreamLimits>;
  /** The typed use cases, for callers whose input is already typed (the fine-tuning worker, search). */
  readonly useCases: ClickstreamUseCases;
  registerSession(body: unknown): Promise<{ created: boolean; session: RegisteredSession }>;
  getSession(query: Record<string, unknown>): Promise<SessionView>;
  appendResults(body: unknown): Promise<{ added: number; total: number }>;
  addEvents(body: unknown): Promise<AddEventsResult>;
  markIrrelevant(body: unknown): Promise<void>;
  releaseBatch(body: unknown): Promise<ReleaseView>;
  getBatch(query: Record<string, unknown>): Promise<BatchSummary>;
  getBatchSessions(query: Record<string, unknown>): Promise<BatchSessionsPage>;
  /** `{ sessions: [...] }`: each item is a session body, parsed and recorded on its own. */
  registerSessionsBulk(body: unknown): Promise<ItemOutcome<RegisterResult>[]>;
  /** `{ events: [...] }`: each item is an event with its `session_id`, parsed and recorded on its own. */
  addEventsBulk(body: unknown): Promise<ItemOutcome<null>[]>;
}

/** Parses each item; the ones that parse go to `run` together, the others keep their error. */
async function perItem<I, T>(items: unknown[], parse: (raw: unknown) => I, run: (inputs: I[]) => Promise<ItemOutcome<T>[]>): Promise<ItemOutcome<T>[]> {
  const parsed = items.map((raw): ItemOutcome<I> => {
    try {
      return { ok: true, value: parse(raw) };
    } catch (error) {
      if (!isAppError(error)) throw error;
      return { ok: false, error };
    }
  });
  const valid = parsed.flatMap((p) => (p.ok ? [p.value] : []));
  const done = valid.length > 0 ? await run(valid) : [];
  let next = 0;
  return parsed.map((p) => (p.ok ? done[next++]! : p));
}

export function createClickstreamService(options: ClickstreamServiceOptions): ClickstreamService {
  const useCases = createClickstreamUseCases(options);
  const { limits } = useCases;
  return {
    limits,
    useCases,
    registerSession: (body) => useCases.recordSession(parseNewSession(body, limits)),
    getSession: async (query) => useCases.readSession(parseSessionQuery(query, limits).session_id),
    async appendResults(body) {
      const input = parseAppendResults(body, limits);
      return useCases.appendResults(input.session_id, input.search_results);
    },
    async addEvents(body) {
      const input = parseNewEvents(body, limits);
      return useCases.recordEvents(input.session_id, input.events);
    },
    markIrrelevant: async (body) => useCases.markIrrelevant(parseSessionRef(body, limits).session_id),
    releaseBatch: async (body) => useCases.releaseBatch(parseRelease(body, limits).release_id),
    getBatch: async (query) => useCases.getBatch(parseBatchQuery(query, limits).batch_id),
    async getBatchSessions(query) {
      const q = parseBatchSessionsQuery(query, limits);
      return useCases.readBatchPage(q.batch_id, { afterNumber: q.after_number, limit: q.limit, eventsLimit: q.events_limit });
    },
    registerSessionsBulk: async (body) =>
      perItem(parseBulkItems(body, 'sessions', limits), (raw) => parseNewSession(raw, limits), (inputs) => useCases.recordSessions(inputs)),
    addEventsBulk: async (body) =>
      perItem(parseBulkItems(body, 'events', limits), (raw) => parseBulkEvent(raw, limits), (inputs) => useCases.recordEventsBulk(inputs)),
  };
}
