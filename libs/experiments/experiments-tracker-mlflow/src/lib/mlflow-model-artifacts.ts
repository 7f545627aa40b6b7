import type { ModelArtifactSink } from '@embedding-studio/experiments-tracker';
import { openNamespace, type NamespaceOptions } from './namespace.js';

export interface MlflowModelArtifactsOptions extends NamespaceOptions {
  /** Where the model bytes are kept and read from (the artifact store the api serves models from). */
  artifacts: ModelArtifactSink;
}

const KEY = /^models\/([^/]+)\/([^/]+)\/[^/]+$/;

/**
 * A `ModelArtifactSink` that stores model bytes in `artifacts` and also puts a copy among the
 * artifacts of the MLflow run that produced them (an initial model: its iteration's run
 * `initial model`), at the same key, so the registry version's `runs:/<run>/<key>` source can
 * be downloaded from MLflow's UI. Deletions go to both; `list` reads `artifacts`.
 *
 * The copy needs a server that proxies artifacts (`mlflow server --serve-artifacts`, run
 * artifact URIs `mlflow-artifacts:/…`); for a run stored elsewhere (e.g. `s3://` roots the server
 * does not proxy), the copy is left out and `artifacts` alone holds the bytes.
 */
export function createMlflowModelArtifacts(options: MlflowModelArtifactsOptions): ModelArtifactSink {
  const space = openNamespace(options);
  const inner = options.artifacts;
  const runPaths = new Map<string, string | null>();

  /** The proxied path of the key among its run's artifacts; null when the key or the run's store is not one we mirror. */
  async function mlflowPath(key: string): Promise<string | null> {
    const m = KEY.exec(key);
    if (!m?.[1] || !m[2]) return null;
    const [iterationId, runPart] = [m[1], m[2]];
    const runKey = `${iterationId}/${runPart}`;
    if (!runPaths.has(runKey)) {
      const mlflowRunId = await space.bindModelRun(iterationId, runPart === 'initial' ? null : runPart, Date.now());
      const uri = (await space.api.getRun(mlflowRunId))?.info.artifact_uri ?? '';
      const proxied = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*)$/.exec(uri)?.[1];
      runPaths.set(runKey, proxied === undefined ? null : proxied.replace(/\/+$/, ''));
    }
    const root = runPaths.get(runKey);
    return root === null || root === undefined ? null : `${root}/${key}`;
  }

  return {
    async put(key, bytes, putOptions) {
      const stored = await inner.put(key, bytes, putOptions);
      const path = await mlflowPath(key);
      if (path !== null) await space.api.putArtifact(path, bytes);
      return stored;
    },
    async delete(key) {
      const path = await mlflowPath(key);
      if (path !== null) await space.api.deleteArtifact(path);
      return inner.delete(key);
    },
    list: (prefix) => inner.list(prefix),
  };
}
