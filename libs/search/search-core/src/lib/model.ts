/**
 * The search data model. Field names are the public JSON contract of the HTTP API (snake_case,
 * like the clickstream routes). Times are UTC epoch seconds.
 */

import type { JsonObject } from '@embedding-studio/primitives';

/** Payload field types a collection may declare as filterable. */
export type FilterableFieldType = 'keyword' | 'text' | 'int' | 'float' | 'bool';

/**
 * A logical collection: what users create, import into and search. Its items live in physical
 * engine collections `<name>_v<n>`; the active search profile says which one serves queries.
 */
export interface SearchCollection {
  /** Letters, digits and `_`, starting with a letter, at most 48 characters, not ending in `_v<digits>`. */
  name: string;
  /** Item fields whose text is joined (with a space) and embedded. */
  fields_to_embed: string[];
  /** The base encoder of the collection's first version. */
  model: { encoder: string };
  /** Payload fields that search filters may use, with their types. */
  filterable_fields: Record<string, FilterableFieldType>;
  created_at: number;
  /**
   * Query-time feedback (click boosts); off unless enabled. `settings` are the reranker's own
   * (validated by it; `search-feedback`'s options), kept as given.
   */
  feedback?: { enabled: boolean; settings?: JsonObject };
}

/** A collection as `GET /collections/{name}` shows it. */
export interface SearchCollectionView extends SearchCollection {
  /** Searchable items in the live physical collection. */
  count: number;
  /** Version of the active search profile. */
  profile_version: number;
}

/** How a profile version came to be. */
export type DeploymentKind = 'create' | 'adapter' | 'rollback' | 'reindex';

/** The record of the deploy that produced a profile version. */
export interface Deployment {
  kind: DeploymentKind;
  /** Model deployed (adapter or reindex). */
  model_id?: string;
  /** The version that was active when this one was switched in. */
  previous_version?: number;
  /** For a rollback: the version whose content was restored. */
  restored_version?: number;
  /** Who asked: `api`, `auto:<task id>`, … */
  requested_by?: string;
  /** Gate results when the deploy was gated. */
  gate?: JsonObject;
}

/** A query-side adapter deployed in a profile: a model of the registry and its artifact. */
export interface ProfileAdapter {
  model_id: string;
  /** Key of the model bundle in the artifact store. */
  artifact_key: string;
}

/**
 * A versioned search profile: everything needed to answer a query. Versions of one collection
 * are 1, 2, 3…; the newest version is the active one, so switching is inserting version n + 1
 * (compare-and-set on the version). Every request pins one profile for its whole life.
 */
export interface SearchProfile {
  collection: string;
  version: number;
  /** Encoder that embeds queries (and embedded the target's items). */
  encoder: string;
  adapter?: ProfileAdapter;
  /** Physical engine collection searched, e.g. `scifact_v1`. */
  target: string;
  /** Vector slot searched in the target. */
  slot: string;
  created_at: number;
  deployment: Deployment;
}

/** An item as stored and returned: its id and its fields. */
export interface SearchItem {
  id: string;
  fields: JsonObject;
}

/** One search result. */
export interface SearchResult {
  object_id: string;
  /** 1-based position in the session (continues across "load more" pages). */
  rank: number;
  score: number;
  /** The item's fields. */
  meta: JsonObject;
}

/** The profile that answered, as the search response names it. */
export interface ProfileRef {
  version: number;
  encoder: string;
  adapter_model_id?: string;
}

/** The answer of `POST /search`. */
export interface SearchResponse {
  /** The clickstream session id: clients post clicks with it. */
  search_id: string;
  results: SearchResult[];
  model: ProfileRef;
}

/** A profile as `GET /deployments` lists it. */
export interface DeploymentView extends SearchProfile {
  active: boolean;
}
