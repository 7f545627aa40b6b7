// Reader and writer for the safetensors format: an 8-byte little-endian header length, a JSON
// header `{ name: { dtype, shape, data_offsets: [begin, end] } }`, then the raw tensor bytes.
import type { FieldIssue } from '@embedding-studio/errors';
import { ModelRuntimeWeightsInvalidError } from '@embedding-studio/model-runtime';

/** A float32 tensor read from a safetensors file. */
export interface Float32Tensor {
  shape: number[];
  data: Float32Array;
}

const MAX_HEADER_BYTES = 100 * 1024 * 1024;

/**
 * Reads every float32 tensor of a safetensors file; tensors of other dtypes (e.g. the int64
 * `position_ids` buffer) are skipped.
 * @throws ModelRuntimeWeightsInvalidError when the bytes are not a valid safetensors file
 */
export function readSafetensors(bytes: Uint8Array): Map<string, Float32Tensor> {
  const fail = (message: string): never => {
    throw new ModelRuntimeWeightsInvalidError([{ field: 'model.safetensors', message }]);
  };
  if (bytes.length < 8) fail('is shorter than its 8-byte header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.length) fail(`declares a header of ${headerLength} bytes`);
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + headerLength)).toString('utf8'));
  } catch {
    fail('has a header that is not JSON');
  }
  if (typeof header !== 'object' || header === null) return fail('has a header that is not a JSON object');
  const base = 8 + headerLength;
  const tensors = new Map<string, Float32Tensor>();
  const issues: FieldIssue[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e.dtype !== 'F32') continue;
    const shape = e.shape;
    const offsets = e.data_offsets;
    if (!Array.isArray(shape) || !Array.isArray(offsets) || offsets.length !== 2) {
      issues.push({ field: `model.safetensors.${name}`, message: 'needs a shape and two data_offsets' });
      continue;
    }
    const [begin, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end - begin !== count * 4 || base + end > bytes.length || begin < 0) {
      issues.push({ field: `model.safetensors.${name}`, message: `data_offsets [${begin}, ${end}] do not fit shape ${shape.join('x')}` });
      continue;
    }
    // Copy: the data offset need not be 4-byte aligned.
    const data = new Float32Array(count);
    const src = new DataView(bytes.buffer, bytes.byteOffset + base + begin, end - begin);
    for (let i = 0; i < count; i += 1) data[i] = src.getFloat32(i * 4, true);
    tensors.set(name, { shape: [...(shape as number[])], data });
  }
  if (issues.length > 0) throw new ModelRuntimeWeightsInvalidError(issues);
  return tensors;
}

/** Writes float32 tensors as a safetensors file (names in sorted order, no padding). */
export function writeSafetensors(tensors: ReadonlyMap<string, Float32Tensor>): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const name of names) {
    const t = tensors.get(name) as Float32Tensor;
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.length * 4] };
    offset += t.data.length * 4;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const out = Buffer.alloc(8 + json.length + offset);
  out.writeBigUInt64LE(BigInt(json.length), 0);
  json.copy(out, 8);
  let at = 8 + json.length;
  for (const name of names) {
    const t = tensors.get(name) as Float32Tensor;
    for (const v of t.data) {
      out.writeFloatLE(v, at);
      at += 4;
    }
  }
  return out;
}
