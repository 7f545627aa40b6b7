import { aLinearAdapterArtifact, aLowRankAdapterArtifact } from '../testing.js';
import { linearQueryAdapterFromArtifact } from './query-adapter.js';

describe('linearQueryAdapterFromArtifact', () => {
  it('serves a low-rank residual adapter as y = x + x·A·B', () => {
    // d = 3, r = 1: A = [1, 0, 2]ᵀ, B = [0, 1, 0] → adds x0 + 2·x2 to component 1
    const adapter = linearQueryAdapterFromArtifact('lr', aLowRankAdapterArtifact(3, 1, Float32Array.from([1, 0, 2]), Float32Array.from([0, 1, 0])));
    expect(adapter).toMatchObject({ inputDimension: 3, outputDimension: 3 });
    expect([...adapter.apply(Float32Array.from([1, 2, 3]))]).toEqual([1, 2 + 1 + 6, 3]);
  });

  it('still serves a linear adapter as y = x·W + b', () => {
    const adapter = linearQueryAdapterFromArtifact('lin', aLinearAdapterArtifact(2, { kernel: Float32Array.from([0, 1, 1, 0]), bias: Float32Array.from([0.5, 0]) }));
    expect([...adapter.apply(Float32Array.from([2, 3]))]).toEqual([3.5, 2]);
  });

  it('refuses a low-rank artifact whose tensors do not match its rank, and other kinds', () => {
    const bad = aLowRankAdapterArtifact(3, 1, Float32Array.from([1, 0, 2]), Float32Array.from([0, 1, 0]));
    (bad.manifest as { config: { rank: number } }).config.rank = 2;
    expect(() => linearQueryAdapterFromArtifact('bad', bad)).toThrow(/a tensor is missing or has the wrong size/);
    const other = aLinearAdapterArtifact(2);
    (other.manifest as { kind: string }).kind = 'hashed-ngram-encoder';
    expect(() => linearQueryAdapterFromArtifact('enc', other)).toThrow(/only linear-adapter and low-rank-residual-adapter/);
  });
});
