/**
 * What a key may call. Each route needs exactly one scope (or none when public); `admin` reaches
 * every route.
 * - `ingest`: clickstream writes (sessions, results, events, irrelevant marks).
 * - `search`: the search routes; the one scope meant to ship inside a browser page.
 * - `read`: GET routes for dashboards (sessions, tasks, experiments, model records).
 * - `admin`: internal batch routes, task writes, model downloads and deploys, collection writes, keys.
 */
export const SCOPES = ['ingest', 'search', 'read', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

/** Whether a key of `keyScope` may call a route that needs `required`. */
export function scopeReaches(keyScope: Scope, required: Scope): boolean {
  return keyScope === 'admin' || keyScope === required;
}
