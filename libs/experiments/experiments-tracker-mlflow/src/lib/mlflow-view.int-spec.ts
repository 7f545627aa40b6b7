// What a team sees in MLflow's UI after a fine-tuning iteration, read back through MLflow's own API.
import { createExperimentsTracker } from '@embedding-studio/experiments-tracker';
import { createMemoryModelArtifacts } from '@embedding-studio/experiments-tracker/testing';
import { createTestMlflowStores, requireTrackingUri, type TestMlflowStores } from '../testing.js';
import { createMlflowClient, valueOf } from './client.js';
import { createMlflowModelArtifacts } from './mlflow-model-artifacts.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('MLflow view of a fine-tuning iteration', () => {
  let fx: TestMlflowStores;
  beforeEach(async () => {
    fx = await createTestMlflowStores();
  });
  afterEach(async () => {
    await fx.cleanup();
  });

  it('shows the iteration as an experiment, runs with params and stepped metrics, and the best model in the registry with its bytes', async () => {
    const api = createMlflowClient({ trackingUri: requireTrackingUri() });
    const kept = createMemoryModelArtifacts();
    const artifacts = createMlflowModelArtifacts({ trackingUri: requireTrackingUri(), namespace: fx.namespace, artifacts: kept });
    const tracker = createExperimentsTracker({ store: fx.store, artifacts });
    await tracker.ensureInitialModel('default', async () => ({ bytes: bytes('initial'), contentType: 'application/octet-stream' }));
    const it = await tracker.startIteration({ plugin: 'default', batchId: 'batch-1', mainMetric: { name: 'test_ndcg10', mode: 'max' } });
    const weak = await it.startRun({ learning_rate: 1e-4, optimizer: { name: 'adam' } });
    const strong = await it.startRun({ learning_rate: 5e-4, optimizer: { name: 'adam' } });
    for (const [run, values] of [
      [weak, [0.3, 0.35]],
      [strong, [0.4, 0.5]],
    ] as const) {
      for (const [step, value] of values.entries()) await it.logMetric(run.id, 'test_ndcg10', value, step + 1);
      await it.finishRun(run.id, 'finished', values[1]);
      await it.saveModelIfBest(run.id, values[1], bytes(`model of ${run.id}`), 'application/octet-stream');
    }
    await it.finish();

    const experiment = await api.getExperimentByName(`${fx.namespace}/${it.id}`);
    expect(experiment?.lifecycle_stage).toBe('active');
    expect(valueOf(experiment?.tags, 'mlflow.note.content')).toBe('iteration / default / batch-1');

    const runs = await api.searchRuns(experiment?.experiment_id ?? '');
    expect(runs).toHaveLength(2);
    const strongRun = runs.find((r) => valueOf(r.data.tags, 'es.run_id') === strong.id);
    expect(strongRun?.info.status).toBe('FINISHED');
    expect(valueOf(strongRun?.data.params, 'learning_rate')).toBe('0.0005');
    expect(valueOf(strongRun?.data.params, 'optimizer.name')).toBe('adam');
    const history = await api.metricHistory(strongRun?.info.run_id ?? '', 'test_ndcg10');
    expect(history.map((m) => [Number(m.step), m.value]).sort()).toEqual([
      [1, 0.4],
      [2, 0.5],
    ]);

    // The registry holds the live bests: the initial model and the strong run's model.
    const versions = await api.searchModelVersions(`name = '${fx.namespace}.default'`);
    expect(versions).toHaveLength(2);
    const best = await it.bestModel();
    expect(best?.run_id).toBe(strong.id);
    const tagged = await api.searchModelVersions(`name = '${fx.namespace}.default' and tags.\`es.model_id\` = '${best?.id}'`);
    expect(tagged).toHaveLength(1);

    // Its bytes are among the strong run's artifacts, where the version's source points; the
    // superseded model's copy is gone, and the artifact store keeps the live ones.
    const root = (strongRun?.info.artifact_uri ?? '').replace(/^mlflow-artifacts:\/+/, '');
    expect(new TextDecoder().decode((await api.getArtifact(`${root}/${best?.artifact.key}`)) ?? undefined)).toBe(`model of ${strong.id}`);
    const weakRun = runs.find((r) => valueOf(r.data.tags, 'es.run_id') === weak.id);
    const weakKey = kept.keys().find((k) => k.includes(`/${weak.id}/`));
    expect(weakKey).toBeUndefined();
    const superseded = (await tracker.listModels({ status: 'deleted' })).items.find((m) => m.run_id === weak.id);
    const weakRoot = (weakRun?.info.artifact_uri ?? '').replace(/^mlflow-artifacts:\/+/, '');
    expect(await api.getArtifact(`${weakRoot}/${superseded?.artifact.key}`)).toBeNull();
    expect(kept.keys()).toContain(best?.artifact.key);
  }, 120_000);
});
