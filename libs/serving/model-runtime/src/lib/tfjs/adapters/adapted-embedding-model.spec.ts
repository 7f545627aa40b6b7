import * as tf from '@tensorflow/tfjs';
import type { EmbeddingMatrix, EmbeddingModel } from '../../embedding-model.js';
import { AdaptedEmbeddingModel } from './adapted-embedding-model.js';
import { LinearAdapter } from './linear-adapter.js';
import { LowRankResidualAdapter } from './low-rank-residual-adapter.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const f32 = (...v: number[]): Float32Array => Float32Array.from(v);

/** A base model that embeds text `t` as [length, number of spaces]. */
function fakeBase(): EmbeddingModel & { disposeCalls: number } {
  const embed = async (texts: readonly string[]): Promise<EmbeddingMatrix> => ({
    count: texts.length,
    dimension: 2,
    data: Float32Array.from(texts.flatMap((t) => [t.length, t.split(' ').length - 1])),
  });
  return {
    id: 'fake/base',
    version: 'v1',
    dimension: 2,
    embedQueries: embed,
    embedItems: embed,
    disposeCalls: 0,
    async dispose() {
      this.disposeCalls++;
    },
  };
}

/** W = [[0, 1], [1, 0]] swaps the two coordinates. */
const swap = (side: 'query' | 'item' | 'both'): LinearAdapter =>
  new LinearAdapter({ inputDimension: 2, side }, [
    { name: 'kernel', shape: [2, 2], values: f32(0, 1, 1, 0) },
    { name: 'bias', shape: [2], values: f32(0, 0) },
  ]);

describe('AdaptedEmbeddingModel', () => {
  it('a query-side adapter changes queries only: items keep their base vectors', async () => {
    const base = fakeBase();
    const model = new AdaptedEmbeddingModel({ base, adapters: [swap('query')] });
    expect(await model.embedQueries(['a b c'])).toEqual({ count: 1, dimension: 2, data: f32(2, 5) });
    expect(await model.embedItems(['a b c'])).toEqual(await base.embedItems(['a b c']));
    expect(model.id).toBe('fake/base+query:linear-adapter');
    expect(model.dimension).toBe(2);
    await model.dispose();
  });

  it("a 'both' adapter changes queries and items", async () => {
    const model = new AdaptedEmbeddingModel({ base: fakeBase(), adapters: [swap('both')] });
    expect((await model.embedItems(['ab cd'])).data).toEqual(f32(1, 5));
    expect((await model.embedQueries(['ab cd'])).data).toEqual(f32(1, 5));
    expect(model.id).toBe('fake/base+both:linear-adapter');
    await model.dispose();
  });

  it('takes one adapter per side', async () => {
    const model = new AdaptedEmbeddingModel({
      base: fakeBase(),
      adapters: [swap('item'), new LowRankResidualAdapter({ dimension: 2, rank: 1, side: 'query' })],
    });
    expect(model.id).toBe('fake/base+query:low-rank-residual-adapter,item:linear-adapter');
    expect((await model.embedItems(['abc'])).data).toEqual(f32(0, 3));
    expect((await model.embedQueries(['abc'])).data).toEqual(f32(3, 0));
    await model.dispose();
    expect(() => new AdaptedEmbeddingModel({ base: fakeBase(), adapters: [swap('query'), swap('both')] })).toThrow(
      "Invalid option adapters: more than one adapter covers queries (adapters[1] has side 'both'); pass one per side.",
    );
  });

  it('composes a version from the base version and the adapter content hashes', async () => {
    const base = fakeBase();
    const plain = new AdaptedEmbeddingModel({ base, adapters: [] });
    expect(plain.id).toBe('fake/base');
    expect(plain.version).toBe('v1');
    const identity = new AdaptedEmbeddingModel({ base, adapters: [new LinearAdapter({ inputDimension: 2 })], disposeBase: false });
    const swapped = new AdaptedEmbeddingModel({ base, adapters: [swap('query')], disposeBase: false });
    const identityAgain = new AdaptedEmbeddingModel({ base, adapters: [new LinearAdapter({ inputDimension: 2 })], disposeBase: false });
    expect(identity.version).toMatch(/^[0-9a-f]{64}$/);
    expect(identity.version).not.toBe(swapped.version);
    expect(identity.version).toBe(identityAgain.version);
    await Promise.all([identity.dispose(), swapped.dispose(), identityAgain.dispose()]);
    expect(base.disposeCalls).toBe(0);
  });

  it('checks dimensions against the base model and between sides', () => {
    expect(() => new AdaptedEmbeddingModel({ base: fakeBase(), adapters: [new LinearAdapter({ inputDimension: 3 })] })).toThrow(
      'adapters[0].inputDimension has dimension 3 but 2 is expected; the adapter must take the 2-d vectors of fake/base.',
    );
    let code: unknown;
    try {
      new AdaptedEmbeddingModel({ base: fakeBase(), adapters: [new LinearAdapter({ inputDimension: 2, outputDimension: 4 })] });
    } catch (e) {
      code = (e as { code?: unknown }).code;
    }
    expect(code).toBe('MODEL_RUNTIME_DIMENSION_MISMATCH');
  });

  it('dispose() releases the adapters and the base once', async () => {
    const base = fakeBase();
    const adapter = swap('query');
    const model = new AdaptedEmbeddingModel({ base, adapters: [adapter] });
    await model.dispose();
    await model.dispose();
    expect(adapter.disposed).toBe(true);
    expect(base.disposeCalls).toBe(1);
    await expect(model.embedQueries(['x'])).rejects.toMatchObject({ code: 'MODEL_RUNTIME_MODEL_DISPOSED' });
  });
});
