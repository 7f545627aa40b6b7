// Jest environment for tests that run onnxruntime-node. The native binding creates output arrays
// in Node's main realm while Jest runs tests (and onnxruntime-common's `instanceof` checks) in a
// separate VM realm, so outputs fail with "A float32 tensor's data must be type of Float32Array".
// Sharing the main realm's typed-array constructors with the test realm removes the mismatch.
// The one copy for the workspace; use it with a docblock at the top of a spec (libs sit three
// folders deep): `@jest-environment <rootDir>/../../../tools/jest/onnx-environment.js`.
import { TestEnvironment } from 'jest-environment-node';

const TYPED_ARRAYS = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

export default class OnnxTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}
