// The comparison use cases: start, read (crediting on read), stop, the offline estimate, and the
// serving hook that mixes the candidate into a share of searches.
import { epochSeconds, systemClock, type Clock, type JsonObject } from '@embedding-studio/primitives';
import { SearchCollectionNotFoundError, type SearchCatalogStore, type SearchComparisonHook } from '@embedding-studio/search-core';
import { ComparisonNotEnoughDataError, ComparisonNotFoundError, ComparisonRunningError } from '../errors.js';
import { judge, outcomesOf } from './credit.js';
import { ipsEstimate, type IpsEstimate } from './estimate.js';
import { assignSearch, teamDraft } from './interleave.js';
import type { Comparison, ComparisonEnd, ComparisonRecord } from './model.js';
import { parseEstimate, parseListQuery, parseNewComparison } from './parse.js';
import type { CandidateRanker, ComparisonSearchLog, ComparisonStore, StoredComparison } from './ports.js';

export interface ComparisonServiceOptions {
  store: ComparisonStore;
  log: ComparisonSearchLog;
  ranker: CandidateRanker;
  /** Where `GET /comparisons?collection=` checks that the collection exists (404 otherwise). */
  catalog: Pick<SearchCatalogStore, 'getCollection'>;
  /** @defaultValue systemClock */
  clock?: Clock;
  /** Bootstrap resamples of the offline estimate. @defaultValue 1000 */
  bootstrapResamples?: number;
}

/** What `POST /comparisons/estimate` answers. */
export interface EstimateView extends IpsEstimate {
  collection: string;
  candidate_model_id: string;
  control_version: number;
}

export interface ComparisonService {
  /** `POST /comparisons`: starts a comparison against the collection's active profile (one running per collection). */
  start(body: unknown): Promise<Comparison>;
  /** `GET /comparisons?collection=`: newest first. */
  list(query: Record<string, unknown>): Promise<Comparison[]>;
  /** `GET /comparisons/{id}`: counters credited from the logged searches and clicks as of now. */
  get(id: string): Promise<Comparison>;
  /** `POST /comparisons/{id}/stop`: freezes the counters (a repeated stop answers the same). */
  stop(id: string): Promise<Comparison>;
  /** `POST /comparisons/estimate`: the offline IPS estimate of a candidate on the active profile's logged searches. */
  estimate(body: unknown): Promise<EstimateView>;
  /**
   * Credits every running comparison, so the ones the stopping rule decides end (and leave
   * serving) without waiting for a read. Apps call it on a timer; answers the comparisons as credited.
   */
  settle(): Promise<Comparison[]>;
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

function view(record: ComparisonRecord, state: Pick<ComparisonEnd, 'counts'> & Partial<ComparisonEnd>): Comparison {
  const { candidate_artifact_key: _key, seq: _seq, started_at, ...rest } = record;
  return {
    ...rest,
    ...state.counts,
    status: state.status ?? 'running',
    decision: state.decision ?? null,
    started_at: iso(started_at),
    ended_at: state.ended_at !== undefined ? iso(state.ended_at) : null,
  };
}

export function createComparisonService(options: ComparisonServiceOptions): ComparisonService {
  const { store, log, ranker } = options;
  const clock = options.clock ?? systemClock;

  /** Credits a running comparison from the log; a decision of the stopping rule ends it (first writer wins). */
  const current = async (stored: StoredComparison): Promise<Comparison> => {
    const { record } = stored;
    if (stored.end) return view(record, stored.end);
    const verdict = judge(record, outcomesOf(await log.comparisonSearches(record.collection, record.id), record.id));
    if (verdict.decision === null) return view(record, { counts: verdict.counts });
    const end = await store.end({ id: record.id, status: 'decided', decision: verdict.decision, ended_at: epochSeconds(clock), counts: verdict.counts });
    return view(record, end);
  };

  const require = async (id: string): Promise<StoredComparison> => {
    const stored = typeof id === 'string' && id.length <= 200 ? await store.get(id) : undefined;
    if (!stored) throw new ComparisonNotFoundError(String(id));
    return stored;
  };

  return {
    async start(body) {
      const input = parseNewComparison(body);
      const { control_version, artifact_key } = await ranker.check(input.collection, input.candidate_model_id);
      const latest = await store.latest(input.collection);
      if (latest && (await current(latest)).status === 'running') throw new ComparisonRunningError(input.collection, latest.record.id);
      const seq = (latest?.record.seq ?? 0) + 1;
      const record: ComparisonRecord = {
        id: `${input.collection}.${seq}`,
        collection: input.collection,
        seq,
        method: input.method,
        control_version,
        candidate_model_id: input.candidate_model_id,
        candidate_artifact_key: artifact_key,
        share: input.share,
        alpha: input.alpha,
        min_queries: input.min_queries,
        max_queries: input.max_queries,
        started_at: epochSeconds(clock),
      };
      if (!(await store.insert(record))) {
        // Another start took this seq first: it is the running one.
        throw new ComparisonRunningError(input.collection, record.id);
      }
      return view(record, { counts: judge(record, []).counts });
    },
    async list(query) {
      const collection = parseListQuery(query);
      if (!(await options.catalog.getCollection(collection))) throw new SearchCollectionNotFoundError(collection);
      return Promise.all((await store.list(collection)).map(current));
    },
    async get(id) {
      return current(await require(id));
    },
    async stop(id) {
      const stored = await require(id);
      const now = await current(stored);
      if (now.status !== 'running') return now;
      const { queries, wins_candidate, wins_control, ties, win_rate, ci, p_value } = now;
      const end = await store.end({ id, status: 'stopped', decision: null, ended_at: epochSeconds(clock), counts: { queries, wins_candidate, wins_control, ties, win_rate, ci, p_value } });
      return view(stored.record, end);
    },
    async settle() {
      return Promise.all((await store.running()).map(current));
    },
    async estimate(body) {
      const input = parseEstimate(body);
      const { control_version } = await ranker.check(input.collection, input.candidate_model_id);
      const logged = (await log.profileSearches(input.collection, control_version, input.max_sessions)).filter((s) => s.results.length > 0);
      if (!logged.some((s) => s.clicks.length > 0)) throw new ComparisonNotEnoughDataError(input.collection, control_version);
      const shown = logged.map((s) => s.results.map((r) => r.object_id));
      const reordered = await ranker.rerank(input.collection, input.candidate_model_id, logged.map((s, i) => ({ query: s.query, object_ids: shown[i] as string[] })));
      const estimate = ipsEstimate(
        logged.map((s, i) => ({ shown: shown[i] as string[], clicked: new Set(s.clicks), candidate: reordered[i] ?? [] })),
        { seed: `${input.collection}:${input.candidate_model_id}`, resamples: options.bootstrapResamples ?? 1000 },
      );
      return { collection: input.collection, candidate_model_id: input.candidate_model_id, control_version, ...estimate };
    },
  };
}

export interface ComparisonTrafficOptions {
  store: Pick<ComparisonStore, 'latest'>;
  /** How long a process reuses a collection's running comparison before reading it again. @defaultValue 1000 */
  cacheMs?: number;
  /** @defaultValue systemClock */
  clock?: Clock;
}

/**
 * The serving side (search-core's `SearchComparisonHook`): while a collection's newest
 * comparison has no end and the search is pinned to its control version, a share of searches
 * (chosen by a seeded hash of the search id) is interleaved (team draft) or split (A/B). The
 * running comparison is cached per process for `cacheMs`, so an end reaches every process
 * within that time.
 */
export function createComparisonTraffic(options: ComparisonTrafficOptions): SearchComparisonHook {
  const ttl = options.cacheMs ?? 1000;
  const clock = options.clock ?? systemClock;
  const cache = new Map<string, { at: number; value: Promise<StoredComparison | undefined> }>();
  const running = (collection: string): Promise<StoredComparison | undefined> => {
    const hit = cache.get(collection);
    if (hit && clock.now() - hit.at < ttl) return hit.value;
    const value = options.store.latest(collection);
    cache.set(collection, { at: clock.now(), value });
    value.catch(() => cache.delete(collection));
    return value;
  };
  return {
    async plan({ collection, searchId, profileVersion }) {
      const stored = await running(collection);
      if (!stored || stored.end || stored.record.control_version !== profileVersion) return undefined;
      const { record } = stored;
      const assignment = assignSearch(record, searchId);
      if (assignment.kind === 'none') return undefined;
      const candidate = { model_id: record.candidate_model_id, artifact_key: record.candidate_artifact_key };
      if (assignment.kind === 'ab') {
        const arm = assignment.arm;
        const mark: JsonObject = { id: record.id, method: 'ab', arm };
        return { candidate, uses: { control: arm === 'control', candidate: arm === 'candidate' }, mix: (control, cand, k) => ({ ids: (arm === 'control' ? control : cand).slice(0, k), mark }) };
      }
      return {
        candidate,
        uses: { control: true, candidate: true },
        mix(control, cand, k) {
          const { ids, teams } = teamDraft(control, cand, k, assignment.rng);
          return { ids, mark: { id: record.id, method: 'interleaving', teams } };
        },
      };
    },
  };
}
