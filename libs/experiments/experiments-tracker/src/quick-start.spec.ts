// The README quick start, kept compiling and passing.
import { createExperimentsTracker, createMemoryExperimentsStore } from './index.js';
import { createMemoryModelArtifacts } from './testing.js';

describe('README quick start', () => {
  it('runs', async () => {
    const artifacts = createMemoryModelArtifacts(); // or an S3-backed artifact store
    const tracker = createExperimentsTracker({ store: createMemoryExperimentsStore(), artifacts });
    const bytes = (s: string) => new TextEncoder().encode(s);

    // Once per plugin: the model the first iteration trains from.
    await tracker.ensureInitialModel('default', async () => ({ bytes: bytes('initial weights'), contentType: 'application/octet-stream' }));

    // One iteration per released clickstream batch; a retried task resumes it.
    const iteration = await tracker.startIteration({ plugin: 'default', batchId: 'batch-1', mainMetric: { name: 'test_ndcg10', mode: 'max' } });
    const starting = await iteration.startingModel(); // the initial model here
    const retry = await iteration.topParams(10); // [] for the first iteration

    const run = await iteration.startRun({ learningRate: 1e-4, margin: 0.05 });
    await iteration.logMetric(run.id, 'test_ndcg10', 0.41, 100);
    await iteration.finishRun(run.id, 'finished', 0.41);
    const saved = await iteration.saveModelIfBest(run.id, 0.41, bytes('tuned weights'), 'application/octet-stream');
    await iteration.finish();

    expect(starting.run_id).toBeNull();
    expect(retry).toEqual([]);
    expect(saved.outcome).toBe('saved');
    expect(saved.model.artifact.key).toBe(`models/${iteration.id}/${run.id}/${saved.model.artifact.sha256}.bin`);
    expect((await tracker.listModels({ status: 'live' })).total).toBe(2);
  });
});
