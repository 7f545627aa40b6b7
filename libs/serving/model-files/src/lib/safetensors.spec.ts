import { hasErrorCode } from '@embedding-studio/errors';
import { readSafetensors, writeSafetensors } from './safetensors.js';

describe('safetensors', () => {
  it('round-trips float32 tensors', () => {
    const tensors = new Map([
      ['b.bias', { shape: [2], data: Float32Array.of(0.5, -1.25) }],
      ['a.weight', { shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) }],
    ]);
    const back = readSafetensors(writeSafetensors(tensors));
    expect([...back.keys()].sort()).toEqual(['a.weight', 'b.bias']);
    expect(back.get('a.weight')).toEqual({ shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) });
    expect(back.get('b.bias')).toEqual({ shape: [2], data: Float32Array.of(0.5, -1.25) });
  });

  it('reads a hand-written file with an unaligned data section and skips non-float32 tensors', () => {
    const header = JSON.stringify({
      __metadata__: { format: 'pt' },
      ids: { dtype: 'I64', shape: [1], data_offsets: [0, 8] },
      w: { dtype: 'F32', shape: [2], data_offsets: [8, 16] },
    });
    const bytes = Buffer.alloc(8 + header.length + 16);
    bytes.writeBigUInt64LE(BigInt(header.length), 0);
    bytes.write(header, 8, 'utf8');
    const base = 8 + header.length; // not a multiple of 4
    bytes.writeBigInt64LE(7n, base);
    bytes.writeFloatLE(1.5, base + 8);
    bytes.writeFloatLE(-2, base + 12);
    const out = readSafetensors(bytes);
    expect([...out.keys()]).toEqual(['w']);
    expect(Array.from(out.get('w')?.data ?? [])).toEqual([1.5, -2]);
  });

  it('rejects truncated files and offsets that do not fit the shape', () => {
    const good = writeSafetensors(new Map([['w', { shape: [4], data: new Float32Array(4) }]]));
    expect(() => readSafetensors(good.subarray(0, good.length - 4))).toThrow(/data_offsets \[0, 16\] do not fit shape 4/);
    expect(() => readSafetensors(Buffer.from([1, 2, 3]))).toThrow(/shorter than its 8-byte header/);
    let caught: unknown;
    try {
      readSafetensors(Buffer.from('ffffffff00000000', 'hex'));
    } catch (err) {
      caught = err;
    }
    expect(hasErrorCode(caught, 'MODEL_RUNTIME_WEIGHTS_INVALID')).toBe(true);
  });
});
