import { randomUUID } from 'node:crypto';
import type { ExperimentsStore } from '@embedding-studio/experiments-tracker';
import { createMlflowClient, type MlflowClientOptions } from '../client.js';
import { createMlflowExperimentsStore } from '../mlflow-experiments-store.js';

/**
 * The tracking server of the integration tests: `MLFLOW_TRACKING_URI`, which
 * `tools/services/services.sh` exports. Throws (the suite fails, it never skips) when unset.
 */
export function requireTrackingUri(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const uri = env['MLFLOW_TRACKING_URI'];
  if (!uri) {
    throw new Error(
      'MLFLOW_TRACKING_URI is not set: start the services with `ES_WITH_MLFLOW=1 npm run services:up && eval "$(bash tools/services/services.sh env)"`, or point it to an MLflow server.',
    );
  }
  return uri;
}

/**
 * Deletes what a namespace holds on the server: its active experiments and registered
 * models. Claims (experiments already deleted) keep their names until `mlflow gc`.
 */
export async function deleteMlflowNamespace(options: MlflowClientOptions, namespace: string): Promise<void> {
  const api = createMlflowClient(options);
  for (const e of await api.searchExperiments(`${namespace}/%`, 'ACTIVE_ONLY')) {
    if (e.name.startsWith(`${namespace}/`)) await api.deleteExperiment(e.experiment_id);
  }
  for (const m of await api.searchRegisteredModels(`${namespace}.%`)) {
    if (m.name.startsWith(`${namespace}.`)) await api.deleteRegisteredModel(m.name);
  }
}

export interface TestMlflowStores {
  namespace: string;
  /** Two stores over one fresh namespace (two processes, in production). */
  store: ExperimentsStore;
  peer: ExperimentsStore;
  cleanup(): Promise<void>;
}

/** Two stores on a fresh namespace of the server at `trackingUri`. */
export async function createTestMlflowStores(trackingUri: string = requireTrackingUri()): Promise<TestMlflowStores> {
  const namespace = `es-test-${randomUUID().slice(0, 12)}`;
  const options = { trackingUri, namespace };
  return {
    namespace,
    store: createMlflowExperimentsStore(options),
    peer: createMlflowExperimentsStore(options),
    cleanup: () => deleteMlflowNamespace(options, namespace),
  };
}
