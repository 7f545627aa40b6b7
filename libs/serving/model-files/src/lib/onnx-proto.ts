// A minimal writer for the ONNX protobuf format (onnx.proto, IR version 8): just the messages a
// feed-forward graph with inline float32/int64 initializers needs. The output is byte-for-byte
// deterministic for a given description, so files built from the same weights hash the same.

/** Element types this writer can store (ONNX TensorProto.DataType values). */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

/** A constant tensor stored in the graph. */
export interface OnnxTensor {
  name: string;
  dims: readonly number[];
  data: Float32Array | BigInt64Array;
}

/** One attribute of a node. */
export type OnnxAttribute =
  | { kind: 'int'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'float'; value: number }
  | { kind: 'tensor'; value: OnnxTensor };

/** One operator of the graph. */
export interface OnnxNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  attributes?: Readonly<Record<string, OnnxAttribute>>;
}

/** A graph input or output: element type and shape, where a string names a symbolic dimension. */
export interface OnnxValueInfo {
  name: string;
  elemType: typeof ONNX_FLOAT | typeof ONNX_INT64;
  shape: readonly (number | string)[];
}

/** A whole model: one graph in the default ONNX domain. */
export interface OnnxModelDescription {
  opsetVersion: number;
  producerName: string;
  producerVersion: string;
  graphName: string;
  docString?: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
  /** Free-form key/value pairs stored in the model (`metadata_props`). */
  metadata?: Readonly<Record<string, string>>;
}

const IR_VERSION = 8;

type Chunk = Uint8Array;

function varint(value: number | bigint): Chunk {
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  while (v >= 0x80n) {
    bytes.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  bytes.push(Number(v));
  return Uint8Array.from(bytes);
}

function key(field: number, wire: number): Chunk {
  return varint((field << 3) | wire);
}

function concat(chunks: readonly Chunk[]): Chunk {
  return Buffer.concat(chunks);
}

function intField(field: number, value: number | bigint): Chunk {
  return concat([key(field, 0), varint(value)]);
}

function bytesField(field: number, bytes: Chunk): Chunk {
  return concat([key(field, 2), varint(bytes.length), bytes]);
}

function stringField(field: number, value: string): Chunk {
  return bytesField(field, Buffer.from(value, 'utf8'));
}

function floatField(field: number, value: number): Chunk {
  const b = Buffer.alloc(4);
  b.writeFloatLE(value, 0);
  return concat([key(field, 5), b]);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function littleEndianBytes(data: Float32Array | BigInt64Array): Chunk {
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = Buffer.alloc(data.byteLength);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (data instanceof Float32Array) data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  else data.forEach((v, i) => view.setBigInt64(i * 8, v, true));
  return out;
}

/** TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9. */
function tensorProto(t: OnnxTensor): Chunk {
  const expected = t.dims.reduce((a, b) => a * b, 1);
  if (expected !== t.data.length) {
    throw new RangeError(`tensor ${t.name}: dims ${t.dims.join('x')} hold ${expected} values, data has ${t.data.length}`);
  }
  return concat([
    ...t.dims.map((d) => intField(1, d)),
    intField(2, t.data instanceof Float32Array ? ONNX_FLOAT : ONNX_INT64),
    stringField(8, t.name),
    bytesField(9, littleEndianBytes(t.data)),
  ]);
}

/** AttributeProto: name = 1, f = 2, i = 3, t = 5, ints = 8, type = 20. */
function attributeProto(name: string, a: OnnxAttribute): Chunk {
  const head = stringField(1, name);
  switch (a.kind) {
    case 'float':
      return concat([head, floatField(2, a.value), intField(20, 1)]);
    case 'int':
      return concat([head, intField(3, a.value), intField(20, 2)]);
    case 'tensor':
      return concat([head, bytesField(5, tensorProto(a.value)), intField(20, 4)]);
    case 'ints':
      return concat([head, ...a.value.map((v) => intField(8, v)), intField(20, 7)]);
  }
}

/** NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5. */
function nodeProto(n: OnnxNode): Chunk {
  const attributes = Object.entries(n.attributes ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return concat([
    ...n.inputs.map((i) => stringField(1, i)),
    ...n.outputs.map((o) => stringField(2, o)),
    ...(n.name ? [stringField(3, n.name)] : []),
    stringField(4, n.op),
    ...attributes.map(([name, a]) => bytesField(5, attributeProto(name, a))),
  ]);
}

/** ValueInfoProto { name = 1, type = 2 { tensor_type = 1 { elem_type = 1, shape = 2 { dim = 1 { dim_value = 1 | dim_param = 2 } } } } }. */
function valueInfoProto(v: OnnxValueInfo): Chunk {
  const dims = v.shape.map((d) => bytesField(1, typeof d === 'number' ? intField(1, d) : stringField(2, d)));
  const tensorType = concat([intField(1, v.elemType), bytesField(2, concat(dims))]);
  return concat([stringField(1, v.name), bytesField(2, bytesField(1, tensorType))]);
}

/** Serializes a model to the bytes of an `.onnx` file. */
export function encodeOnnxModel(m: OnnxModelDescription): Uint8Array {
  // GraphProto: node = 1, name = 2, initializer = 5, doc_string = 10, input = 11, output = 12.
  const graph = concat([
    ...m.nodes.map((n) => bytesField(1, nodeProto(n))),
    stringField(2, m.graphName),
    ...m.initializers.map((t) => bytesField(5, tensorProto(t))),
    ...(m.docString ? [stringField(10, m.docString)] : []),
    ...m.inputs.map((v) => bytesField(11, valueInfoProto(v))),
    ...m.outputs.map((v) => bytesField(12, valueInfoProto(v))),
  ]);
  // OperatorSetIdProto: domain = 1 (empty = default domain), version = 2.
  const opset = concat([stringField(1, ''), intField(2, m.opsetVersion)]);
  // StringStringEntryProto: key = 1, value = 2.
  const metadata = Object.entries(m.metadata ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => bytesField(14, concat([stringField(1, k), stringField(2, v)])));
  // ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, graph = 7, opset_import = 8, metadata_props = 14.
  return concat([
    intField(1, IR_VERSION),
    stringField(2, m.producerName),
    stringField(3, m.producerVersion),
    bytesField(7, graph),
    bytesField(8, opset),
    ...metadata,
  ]);
}
