// The MLflow objects one namespace owns, and the two primitives every decision rests on: a
// claim (an experiment name taken once) and a run binding (which MLflow run holds a tracker run).
import { isMlflowError, MlflowInvalidOptionsError } from '../errors.js';
import { createMlflowClient, type MlflowClient, type MlflowClientOptions, type MlflowExperiment } from './client.js';

export interface NamespaceOptions extends MlflowClientOptions {
  /**
   * Prefix of every experiment and registered model written (`<namespace>/…`), so several
   * deployments, or test suites, can share one server. @defaultValue 'embedding-studio'
   */
  namespace?: string;
}

export const KIND = 'es.kind';
const BINDING = 'es.mlflow_run_id';

/** Validates the options and opens the namespace's primitives (no request is sent yet). */
export function openNamespace(options: NamespaceOptions) {
  const ns = options.namespace ?? 'embedding-studio';
  const issues = [];
  if (!/^https?:\/\/[^\s]+$/.test(options.trackingUri)) issues.push({ field: 'trackingUri', message: `must be an http(s) URL such as http://127.0.0.1:5000, got ${JSON.stringify(options.trackingUri)}.` });
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(ns)) issues.push({ field: 'namespace', message: `must be 1..100 characters of [A-Za-z0-9._-], got ${JSON.stringify(ns)}.` });
  if (issues.length > 0) throw new MlflowInvalidOptionsError(issues);
  const api: MlflowClient = createMlflowClient(options);
  const iterationExperiment = (id: string) => `${ns}/${id}`;
  const claimName = (key: string) => `${ns}/.claims/${key}`;
  const orphanExperiment = `${ns}/.runs-without-iteration`;
  /** Bindings are decided once and never change, so they are cached. */
  const bindings = new Map<string, string>();

  const tagsOf = (e: MlflowExperiment): Record<string, string> => Object.fromEntries((e.tags ?? []).map((t) => [t.key, t.value]));

  /**
   * Inserts `tags` under `key` unless something is there; returns what is stored either way.
   * Created and then deleted, so only the name stays taken (the UI lists active experiments).
   */
  async function claim(key: string, tags: Record<string, string>): Promise<Record<string, string>> {
    const name = claimName(key);
    try {
      const id = await api.createExperiment(name, tags);
      await api.deleteExperiment(id);
      return tags;
    } catch (error) {
      if (!isMlflowError(error, 'RESOURCE_ALREADY_EXISTS')) throw error;
    }
    const stored = await api.getExperimentByName(name);
    if (!stored) throw new Error(`MLflow reported ${name} as taken but cannot return it`);
    return tagsOf(stored);
  }

  async function readClaim(key: string): Promise<Record<string, string> | null> {
    const stored = await api.getExperimentByName(claimName(key));
    return stored ? tagsOf(stored) : null;
  }

  /** The experiment of that name, created (without a record) when missing. */
  async function ensureExperiment(name: string, tags: Record<string, string>): Promise<string> {
    const found = await api.getExperimentByName(name);
    if (found) return found.experiment_id;
    try {
      return await api.createExperiment(name, tags);
    } catch (error) {
      if (!isMlflowError(error, 'RESOURCE_ALREADY_EXISTS')) throw error;
      const raced = await api.getExperimentByName(name);
      if (!raced) throw error;
      return raced.experiment_id;
    }
  }

  /**
   * The MLflow run that holds the tracker's run `runId`, made when missing (with `create`): each
   * caller makes a candidate run, a claim picks one, the others delete theirs.
   */
  async function bindRun(runId: string, create?: { iterationId: string; name: string; startedAt: number }): Promise<string | null> {
    const cached = bindings.get(runId);
    if (cached) return cached;
    const existing = (await readClaim(`run/${runId}`))?.[BINDING];
    if (existing || !create) {
      if (existing) bindings.set(runId, existing);
      return existing ?? null;
    }
    const experimentId = await ensureExperiment(create.iterationId === '' ? orphanExperiment : iterationExperiment(create.iterationId), { [KIND]: 'iteration' });
    const candidate = await api.createRun(experimentId, create.name, create.startedAt, { 'es.run_id': runId });
    const winner = (await claim(`run/${runId}`, { [KIND]: 'run-binding', [BINDING]: candidate }))[BINDING];
    if (!winner) throw new Error(`the claim of run ${runId} holds no MLflow run id`);
    if (winner !== candidate) await api.deleteRun(candidate);
    bindings.set(runId, winner);
    return winner;
  }

  /** The MLflow run of a model's bytes: its run's, or for an initial model a run `initial model` of its own. */
  async function bindModelRun(iterationId: string, runId: string | null, at: number): Promise<string> {
    const bound = await bindRun(runId ?? `${iterationId}.initial`, { iterationId, name: runId === null ? 'initial model' : runId, startedAt: at });
    if (bound === null) throw new Error(`the model run of iteration ${iterationId} could not be bound`);
    return bound;
  }

  return { api, ns, iterationExperiment, claimName, claim, readClaim, ensureExperiment, bindRun, bindModelRun, tagsOf };
}

export type MlflowNamespace = ReturnType<typeof openNamespace>;
