// Jest environment for specs that run onnxruntime-node: the native binding creates its output
// typed arrays in Node's main realm, while Jest runs specs in a separate VM realm where
// onnxruntime-common's `instanceof Float32Array` checks would then fail. Sharing the main realm's
// typed-array constructors removes the mismatch. Use it with a docblock at the top of a spec:
// `@jest-environment <rootDir>/src/lib/testing/onnx-test-environment.js`.
import { TestEnvironment } from 'jest-environment-node';

const TYPED_ARRAYS = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'];

export default class OnnxTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}
