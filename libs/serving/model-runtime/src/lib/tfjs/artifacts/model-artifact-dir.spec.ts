import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { LowRankResidualAdapter } from '../adapters/low-rank-residual-adapter.js';
import { readModelArtifactDir, writeModelArtifactDir } from './model-artifact-dir.js';
import { loadModelArtifact, saveModelArtifact } from './model-artifact.js';

let dir: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'model-runtime-artifact-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('model artifact directories', () => {
  it('writes model.json + weights.bin and reads them back into an identical model', async () => {
    const adapter = new LowRankResidualAdapter({ dimension: 8, rank: 3, seed: 1, normalize: true });
    adapter.trainableVariables[1]?.assign(tf.fill([3, 8], 0.25));
    const target = join(dir, 'adapters', 'query', '1');
    const paths = await writeModelArtifactDir(target, saveModelArtifact(adapter));
    expect(paths).toEqual({ manifestPath: join(target, 'model.json'), weightsPath: join(target, 'weights.bin') });
    expect((await readdir(target)).sort()).toEqual(['model.json', 'weights.bin']); // no temporary files left
    expect(JSON.parse(await readFile(paths.manifestPath, 'utf8')).kind).toBe('low-rank-residual-adapter');

    const { manifest, weights } = await readModelArtifactDir(target);
    const loaded = loadModelArtifact(manifest, weights, { expectedKind: 'low-rank-residual-adapter' });
    const x = Float32Array.from({ length: 16 }, (_, i) => i / 7 - 1);
    expect(loaded.apply(x).data).toEqual(adapter.apply(x).data);
    expect(loaded.contentHash()).toBe(adapter.contentHash());
    adapter.dispose();
    loaded.dispose();
  });

  it('overwrites an existing artifact in place', async () => {
    const target = join(dir, 'overwrite');
    const first = new LowRankResidualAdapter({ dimension: 2, rank: 1, seed: 1 });
    const second = new LowRankResidualAdapter({ dimension: 2, rank: 1, seed: 2 });
    await writeModelArtifactDir(target, saveModelArtifact(first));
    await writeModelArtifactDir(target, saveModelArtifact(second));
    const { manifest } = await readModelArtifactDir(target);
    expect(manifest.version).toBe(second.contentHash());
    first.dispose();
    second.dispose();
  });

  it('reports a missing file and a manifest that is not JSON', async () => {
    const empty = join(dir, 'empty');
    await expect(readModelArtifactDir(empty)).rejects.toMatchObject({
      code: 'MODEL_RUNTIME_ARTIFACT_NOT_FOUND',
      details: { path: join(empty, 'model.json') },
    });
    const broken = join(dir, 'broken');
    const adapter = new LowRankResidualAdapter({ dimension: 2, rank: 1 });
    await writeModelArtifactDir(broken, saveModelArtifact(adapter));
    await writeFile(join(broken, 'model.json'), '{ "kind": ', 'utf8');
    await expect(readModelArtifactDir(broken)).rejects.toMatchObject({ code: 'MODEL_RUNTIME_INVALID_ARTIFACT' });
    await rm(join(broken, 'weights.bin'));
    await expect(readModelArtifactDir(broken)).rejects.toMatchObject({ code: 'MODEL_RUNTIME_ARTIFACT_NOT_FOUND' });
    adapter.dispose();
  });
});
