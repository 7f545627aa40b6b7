// The search use cases: collections, items, search with sessions, and profile deploys.
import { randomBytes } from 'node:crypto';
import { epochSeconds, systemClock } from '@embedding-studio/primitives';
import type { CollectionSpec, Filter, IndexDoc, PayloadFieldType } from '@embedding-studio/vector-index';
import {
  SearchCollectionExistsError,
  SearchCollectionNotFoundError,
  SearchItemNotFoundError,
  SearchModelNotDeployableError,
  SearchModelNotFoundError,
  SearchProfileConflictError,
  SearchProfileNotFoundError,
  SearchSessionNotFoundError,
  SearchUnavailableError,
  SearchUnknownEncoderError,
  SearchValidationError,
} from '../errors.js';
import type { JsonObject, JsonValue } from '@embedding-studio/primitives';
import type { Deployment, DeploymentView, ProfileAdapter, SearchCollection, SearchCollectionView, SearchProfile, SearchResponse, SearchResult } from './model.js';
import {
  checkFilter,
  collectionNameProblem,
  itemText,
  parseCollectionQuery,
  parseDeploy,
  parseItems,
  parseFeedbackUpdate,
  parseNewCollection,
  parseRollback,
  parseSearch,
} from './parse.js';
import type { QueryAdapter, RerankHit, SearchCatalogStore, SearchComparisonPlan } from './ports.js';
import { DEFAULT_SEARCH_LIMITS, type SearchLimits, type SearchServices, type SearchServicesOptions } from './services.js';

/** The vector slot items are embedded into. */
export const DEFAULT_VECTOR_SLOT = 'embedding';
/** Encoder of collections created without `model.encoder`. */
export const DEFAULT_ENCODER = 'all-minilm-l6-v2';
/** Compare-and-set attempts of a deploy without `expected_version` before SEARCH_PROFILE_CONFLICT. */
const MAX_SWITCH_ATTEMPTS = 16;

/** Physical engine collection `n` of a logical collection. */
export function physicalCollectionName(collection: string, n: number): string {
  return `${collection}_v${n}`;
}

/** The engine spec of a physical collection version. */
export function physicalCollectionSpec(collection: SearchCollection, n: number, dims: number): CollectionSpec {
  const payload: Record<string, PayloadFieldType> = { ...collection.filterable_fields };
  for (const f of collection.fields_to_embed) payload[f] ??= 'text';
  return { name: physicalCollectionName(collection.name, n), vectors: { [DEFAULT_VECTOR_SLOT]: { dims, metric: 'cosine' } }, payload };
}

/** A time-ordered id (UUIDv7 layout): 48 bits of epoch ms, then random bits. */
export function newTimeOrderedId(nowMs = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(nowMs, 0, 6);
  b[6] = 0x70 | ((b[6] ?? 0) & 0x0f);
  b[8] = 0x80 | ((b[8] ?? 0) & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

interface Pinned {
  collection: SearchCollection;
  profile: SearchProfile;
}

/**
 * Keeps each collection's active profile in memory for `ttlMs`, then checks for a newer version
 * starting from the cached one (one `_id` lookup on Mongo). Refreshes are shared by concurrent
 * requests, and `refresh` makes a deploy from this process visible at once.
 */
function createProfileCache(catalog: SearchCatalogStore, ttlMs: number, nowMs: () => number) {
  const entries = new Map<string, { value: Pinned; checkedAt: number }>();
  const inflight = new Map<string, Promise<Pinned>>();
  const load = (name: string): Promise<Pinned> => {
    const running = inflight.get(name);
    if (running) return running;
    const cached = entries.get(name);
    const p = (async () => {
      // Re-read on every check (a lookup by _id): feedback settings change while the collection lives.
      const collection = await catalog.getCollection(name);
      if (!collection) throw new SearchCollectionNotFoundError(name);
      const profile = await catalog.activeProfile(name, cached?.value.profile.version);
      if (!profile) throw new SearchUnavailableError(`find the search profile of ${name} (re-post POST /collections to repair it)`);
      const value = { collection, profile };
      entries.set(name, { value, checkedAt: nowMs() });
      return value;
    })().finally(() => inflight.delete(name));
    inflight.set(name, p);
    return p;
  };
  return {
    get(name: string): Promise<Pinned> {
      const e = entries.get(name);
      if (e && nowMs() - e.checkedAt < ttlMs) return Promise.resolve(e.value);
      return load(name);
    },
    refresh(name: string): Promise<Pinned> {
      const e = entries.get(name);
      if (e) e.checkedAt = -Infinity;
      return load(name);
    },
  };
}

/** Builds the search services over their ports. */
export function createSearchServices(options: SearchServicesOptions): SearchServices {
  const { catalog, index, encoders, adapters, sessions, models, reranker } = options;
  const limits: SearchLimits = { ...DEFAULT_SEARCH_LIMITS, ...options.limits };
  const clock = options.clock ?? systemClock;
  const nowSeconds = (): number => epochSeconds(clock);
  const newSearchId = options.newSearchId ?? (() => newTimeOrderedId());
  const profiles = createProfileCache(catalog, options.profileCacheMs ?? 1000, () => Date.now());
  /** Profiles are immutable once stored, so pinned versions are cached without expiry. */
  const byVersion = new Map<string, SearchProfile>();

  /** A reranker checks its own settings; without one, settings cannot be checked and are refused. */
  const checkFeedbackSettings = (settings: JsonObject): void => {
    if (!reranker) throw new SearchValidationError([{ field: 'feedback', message: 'this server has no feedback reranker: send {"enabled": true|false} without settings' }]);
    reranker.checkSettings?.(settings, 'feedback');
  };

  const openEncoder = async (name: string) => {
    if (!encoders.names().includes(name)) throw new SearchUnknownEncoderError(name, encoders.names());
    return encoders.open(name);
  };

  const requireCollection = async (name: string): Promise<SearchCollection> => {
    const problem = collectionNameProblem(name);
    if (problem) throw new SearchValidationError([{ field: 'name', message: problem }]);
    const c = await catalog.getCollection(name);
    if (!c) throw new SearchCollectionNotFoundError(name);
    return c;
  };

  const profileVersion = async (collection: string, version: number): Promise<SearchProfile> => {
    const key = `${collection}:${version}`;
    const hit = byVersion.get(key);
    if (hit) return hit;
    const p = await catalog.getProfile(collection, version);
    if (!p) throw new SearchProfileNotFoundError(collection, version);
    byVersion.set(key, p);
    return p;
  };

  const view = async (c: SearchCollection): Promise<SearchCollectionView> => {
    const { profile } = await profiles.refresh(c.name);
    return { ...c, count: await index.count(profile.target), profile_version: profile.version };
  };

  /** Makes sure version 1 exists: engine collection, alias, profile (each step idempotent, so a re-post repairs a crash). */
  const ensureFirstVersion = async (c: SearchCollection): Promise<void> => {
    const encoder = await openEncoder(c.model.encoder);
    const spec = physicalCollectionSpec(c, 1, encoder.dimension);
    await index.ensureCollection(spec);
    if ((await index.aliases.resolve(c.name)) === undefined) {
      await index.aliases.switch({ alias: c.name, to: spec.name, expect: null }).catch(async (error: unknown) => {
        if ((await index.aliases.resolve(c.name)) === undefined) throw error;
      });
    }
    await catalog.insertProfile({
      collection: c.name,
      version: 1,
      encoder: c.model.encoder,
      target: spec.name,
      slot: DEFAULT_VECTOR_SLOT,
      created_at: c.created_at,
      deployment: { kind: 'create' },
    });
  };

  /** Inserts the next profile version: compare-and-set on `expected` (or on the freshly read active version, retried). */
  const switchProfile = async (
    name: string,
    expected: number | undefined,
    next: (active: SearchProfile) => Promise<Omit<SearchProfile, 'version' | 'collection' | 'created_at'>>,
  ): Promise<DeploymentView> => {
    for (let attempt = 0; attempt < MAX_SWITCH_ATTEMPTS; attempt++) {
      const active = (await profiles.refresh(name)).profile;
      if (expected !== undefined && active.version !== expected) throw new SearchProfileConflictError(name, expected, active.version);
      const profile: SearchProfile = { ...(await next(active)), collection: name, version: active.version + 1, created_at: nowSeconds() };
      if (await catalog.insertProfile(profile)) {
        await profiles.refresh(name);
        return { ...profile, active: true };
      }
      if (expected !== undefined) {
        const now = (await profiles.refresh(name)).profile.version;
        throw new SearchProfileConflictError(name, expected, now);
      }
    }
    const now = (await profiles.refresh(name)).profile.version;
    throw new SearchProfileConflictError(name, now, now);
  };

  const toDeployment = (d: Deployment): Deployment => JSON.parse(JSON.stringify(d)) as Deployment;

  /** The registry model as an adapter for `profile`: loaded, and checked against the encoder's dimension. */
  const deployableAdapter = async (modelId: string, profile: SearchProfile): Promise<{ ref: ProfileAdapter; adapter: QueryAdapter }> => {
    const model = await models?.get(modelId);
    if (!model) throw new SearchModelNotFoundError(modelId);
    const encoder = await openEncoder(profile.encoder);
    const ref = { model_id: model.model_id, artifact_key: model.artifact_key };
    const adapter = await adapters.load(ref);
    if (adapter.inputDimension !== encoder.dimension || adapter.outputDimension !== encoder.dimension) {
      throw new SearchModelNotDeployableError(modelId, `it maps ${adapter.inputDimension} → ${adapter.outputDimension} dimensions, but ${profile.encoder} vectors have ${encoder.dimension}`);
    }
    return { ref, adapter };
  };

  /** A query's vector under a profile's encoder, before any adapter. */
  const embedQuery = async (profile: SearchProfile, query: string): Promise<Float32Array> => (await (await openEncoder(profile.encoder)).embedQueries([query])).data;

  /** Searches a profile's target with an encoded query (through `adapter` when given). */
  const searchWith = async (profile: SearchProfile, adapter: QueryAdapter | undefined, encoded: Float32Array, k: number, offset: number, filter?: Filter) => {
    const vector = adapter ? adapter.apply(encoded) : encoded;
    const found = await index.search({ target: profile.target, slot: profile.slot, vector, k, offset, ...(filter ? { filter } : {}) });
    return found.map((h): RerankHit => ({ object_id: h.id, score: h.score, meta: (h.payload ?? {}) as JsonObject }));
  };

  /** The shown hits of a search in an online comparison: the plan mixes the control's hits with the candidate adapter's. */
  const mixComparison = async (plan: SearchComparisonPlan, control: RerankHit[], profile: SearchProfile, encoded: Float32Array, k: number, filter?: Filter) => {
    const candidate = plan.uses.candidate ? await searchWith(profile, await adapters.load(plan.candidate), encoded, k, 0, filter) : [];
    const byId = new Map([...candidate, ...control].map((h) => [h.object_id, h]));
    const { ids, mark } = plan.mix(control.map((h) => h.object_id), candidate.map((h) => h.object_id), k);
    return { hits: ids.flatMap((id) => byId.get(id) ?? []), mark };
  };

  return {
    collections: {
      async create(body) {
        const input = parseNewCollection(body);
        if (input.feedback?.settings) checkFeedbackSettings(input.feedback.settings);
        const encoder = input.encoder ?? DEFAULT_ENCODER;
        if (!encoders.names().includes(encoder)) throw new SearchUnknownEncoderError(encoder, encoders.names());
        const wanted: SearchCollection = {
          name: input.name,
          fields_to_embed: input.fields_to_embed,
          model: { encoder },
          filterable_fields: input.filterable_fields,
          created_at: nowSeconds(),
          ...(input.feedback?.enabled || input.feedback?.settings ? { feedback: input.feedback } : {}),
        };
        const { created, collection } = await catalog.createCollection(wanted);
        if (!created) {
          const same = (c: SearchCollection): string =>
            JSON.stringify([c.fields_to_embed, c.model.encoder, Object.entries(c.filterable_fields).sort(), c.feedback?.enabled === true, c.feedback?.settings ?? {}]);
          if (same(collection) !== same(wanted)) throw new SearchCollectionExistsError(input.name);
        }
        await ensureFirstVersion(collection);
        return { created, collection: await view(collection) };
      },
      async list() {
        return Promise.all((await catalog.listCollections()).map(view));
      },
      async get(name) {
        return view(await requireCollection(name));
      },
      async setFeedback(name, body) {
        await requireCollection(name);
        const feedback = parseFeedbackUpdate(body);
        if (feedback.settings) checkFeedbackSettings(feedback.settings);
        const updated = await catalog.setFeedback(name, feedback);
        if (!updated) throw new SearchCollectionNotFoundError(name);
        return view(updated);
      },
    },

    items: {
      async upsert(name, body) {
        const collection = await requireCollection(name);
        const items = parseItems(body, collection, limits);
        const { profile } = await profiles.get(name);
        const encoder = await openEncoder(profile.encoder);
        for (let start = 0; start < items.length; start += limits.embedBatchSize) {
          const batch = items.slice(start, start + limits.embedBatchSize);
          const m = await encoder.embedItems(batch.map((it) => itemText(it.fields, collection.fields_to_embed)));
          const docs: IndexDoc[] = batch.map((it, i) => ({
            id: it.id,
            vectors: { [profile.slot]: m.data.slice(i * m.dimension, (i + 1) * m.dimension) },
            payload: it.fields,
          }));
          await index.upsert(profile.target, docs);
        }
        return { upserted: items.length };
      },
      async get(name, id) {
        await requireCollection(name);
        const { profile } = await profiles.get(name);
        const [doc] = await index.get(profile.target, [id], { withVectors: false });
        if (!doc) throw new SearchItemNotFoundError(name, id);
        // The payload holds what the item's JSON fields put there.
        return { id: doc.id, fields: doc.payload as JsonObject };
      },
      async delete(name, id) {
        await requireCollection(name);
        const { profile } = await profiles.get(name);
        const deleted = await index.delete(profile.target, { ids: [id] });
        if (deleted === 0) throw new SearchItemNotFoundError(name, id);
        return { deleted };
      },
    },

    search: {
      async search(body) {
        const input = parseSearch(body, limits);
        let pinned: Pinned;
        let query: string;
        let userId: string | null;
        let k: number;
        let offset: number;
        let filter = input.kind === 'new' ? input.filter : undefined;
        let searchId: string;
        if (input.kind === 'new') {
          pinned = await profiles.get(input.collection);
          ({ query, k, offset } = input);
          userId = input.user_id;
          searchId = newSearchId();
        } else {
          const session = await sessions.read(input.search_id);
          const meta = session?.search_meta;
          if (!session || typeof meta?.['collection'] !== 'string' || typeof meta['profile_version'] !== 'number') throw new SearchSessionNotFoundError(input.search_id);
          const collection = (await profiles.get(meta['collection'])).collection;
          pinned = { collection, profile: await profileVersion(meta['collection'], meta['profile_version']) };
          query = session.query;
          userId = session.user_id;
          k = input.k ?? (typeof meta['k'] === 'number' ? meta['k'] : 10);
          offset = input.offset ?? session.result_count;
          filter = (meta['filter'] ?? undefined) as typeof filter;
          searchId = input.search_id;
        }
        const { collection, profile } = pinned;
        if (filter) checkFilter(physicalCollectionSpec(collection, 1, 1), filter);

        const started = performance.now();
        const plan = input.kind === 'new' && offset === 0 ? await options.comparisons?.plan({ collection: collection.name, searchId, profileVersion: profile.version }) : undefined;
        const encoded = await embedQuery(profile, query);
        let hits = plan?.uses.control === false ? [] : await searchWith(profile, profile.adapter ? await adapters.load(profile.adapter) : undefined, encoded, k, offset, filter);
        const feedbackOn = reranker !== undefined && collection.feedback?.enabled === true;
        if (feedbackOn) hits = await reranker.rerank({ collection: collection.name, query, hits, profileVersion: profile.version, userId, settings: collection.feedback?.settings ?? {} });
        let mark: JsonObject | undefined;
        if (plan) ({ hits, mark } = await mixComparison(plan, hits, profile, encoded, k, filter));

        // Encode + engine + rerank, before the session write: what the quality metrics report as latency.
        const latencyMs = Math.round((performance.now() - started) * 100) / 100;
        const results: SearchResult[] = hits.map((h, i) => ({ object_id: h.object_id, rank: offset + i + 1, score: h.score, meta: h.meta }));
        const recorded = results.map((r) => ({ object_id: r.object_id, rank: r.rank, meta: recordedMeta(r.meta, collection.fields_to_embed) }));
        if (input.kind === 'new') {
          await sessions.open({
            search_id: searchId,
            query,
            user_id: userId,
            results: recorded,
            search_meta: {
              collection: collection.name,
              profile_version: profile.version,
              encoder: profile.encoder,
              ...(profile.adapter ? { adapter_model_id: profile.adapter.model_id } : {}),
              k,
              ...(filter ? { filter } : {}),
              // Tells the click path to feed this session's clicks to the feedback store.
              ...(feedbackOn ? { feedback: true } : {}),
              latency_ms: latencyMs,
              // Which comparison this search took part in, and the team (or arm) of each result.
              ...(mark ? { comparison: mark } : {}),
            },
          });
        } else if (recorded.length > 0) {
          await sessions.append(searchId, recorded);
        }
        return { search_id: searchId, results, model: profileRef(profile) } satisfies SearchResponse;
      },
    },

    deployments: {
      async deployModel(modelId, body, requestedBy = 'api') {
        const input = parseDeploy(body);
        await requireCollection(input.collection);
        return switchProfile(input.collection, input.expected_version, async (active) => {
          const { ref } = await deployableAdapter(modelId, active);
          return {
            encoder: active.encoder,
            adapter: ref,
            target: active.target,
            slot: active.slot,
            deployment: { kind: 'adapter', model_id: ref.model_id, previous_version: active.version, requested_by: requestedBy },
          };
        });
      },
      async list(query) {
        const name = parseCollectionQuery(query);
        await requireCollection(name);
        const all = await catalog.listProfiles(name);
        return all.map((p, i) => ({ ...p, deployment: toDeployment(p.deployment), active: i === 0 }));
      },
      async rollback(body) {
        const input = parseRollback(body);
        await requireCollection(input.collection);
        return switchProfile(input.collection, undefined, async (active) => {
          const to = input.to_version ?? active.deployment.previous_version ?? active.version - 1;
          if (to < 1 || to > active.version) throw new SearchProfileNotFoundError(input.collection, to);
          if (to === active.version) throw new SearchValidationError([{ field: 'to_version', message: `${to} is already the active version; name an older one` }]);
          const restored = await profileVersion(input.collection, to);
          return {
            encoder: restored.encoder,
            ...(restored.adapter ? { adapter: restored.adapter } : {}),
            target: restored.target,
            slot: restored.slot,
            deployment: { kind: 'rollback', restored_version: to, previous_version: active.version, requested_by: 'api' },
          };
        });
      },
      async activeProfile(name) {
        return (await profiles.get(name)).profile;
      },
      async compare(modelId, input) {
        await requireCollection(input.collection);
        const active = (await profiles.refresh(input.collection)).profile;
        const current = active.adapter ? await adapters.load(active.adapter) : undefined;
        const { adapter } = await deployableAdapter(modelId, active);
        const ids = async (a: QueryAdapter | undefined): Promise<string[][]> =>
          Promise.all(input.queries.map(async (q) => (await searchWith(active, a, await embedQuery(active, q), input.k, 0)).map((h) => h.object_id)));
        return { active: await ids(current), candidate: await ids(adapter) };
      },
    },
  };
}

function profileRef(p: SearchProfile): SearchResponse['model'] {
  return { version: p.version, encoder: p.encoder, ...(p.adapter ? { adapter_model_id: p.adapter.model_id } : {}) };
}

/** What a session records per result: the embedded fields, so fine-tuning reads the item texts from the session. */
function recordedMeta(meta: JsonObject, fields: readonly string[]): JsonObject {
  const out: Record<string, JsonValue> = {};
  for (const f of fields) if (meta[f] !== undefined) out[f] = meta[f];
  return out;
}
