import { l2NormalizeRows, poolTokenStates } from './pooling.js';

// Two texts, three positions, dimension 2. Text 0 has two real tokens, text 1 all three.
const states = {
  data: Float32Array.from([
    1, 2, 3, 4, 100, 100, // text 0: padding at position 2 must be ignored
    0, 3, 3, 0, 6, 6,
  ]),
  batchSize: 2,
  sequenceLength: 3,
  dimension: 2,
  attentionMask: BigInt64Array.from([1n, 1n, 0n, 1n, 1n, 1n]),
};

describe('poolTokenStates', () => {
  it('averages the unmasked token vectors of each text', () => {
    expect(Array.from(poolTokenStates(states, 'mean'))).toEqual([2, 3, 3, 3]);
  });

  it('takes the first token for cls pooling', () => {
    expect(Array.from(poolTokenStates(states, 'cls'))).toEqual([1, 2, 0, 3]);
  });

  it('gives zeros for a text without unmasked tokens', () => {
    const masked = { ...states, attentionMask: [0, 0, 0, 1, 1, 1] };
    expect(Array.from(poolTokenStates(masked, 'mean'))).toEqual([0, 0, 3, 3]);
  });

  it('rejects data of the wrong size', () => {
    expect(() => poolTokenStates({ ...states, dimension: 3 }, 'mean')).toThrow(RangeError);
  });
});

describe('l2NormalizeRows', () => {
  it('scales rows to unit length and leaves zero rows at zero', () => {
    const out = l2NormalizeRows(Float32Array.from([3, 4, 0, 0, 0, -2]), 2);
    expect(Array.from(out)).toEqual([0.6, 0.8, 0, 0, 0, -1].map((v) => expect.closeTo(v, 7)));
  });
});
