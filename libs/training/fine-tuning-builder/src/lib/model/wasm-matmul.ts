import * as tf from '@tensorflow/tfjs';

const FAST = Symbol.for('embedding-studio.fine-tuning-builder.fast-wasm-matmul');

/**
 * The wasm backend of tfjs 4.x multiplies matrices with XNNPACK only when neither operand is
 * transposed; `transposeA` / `transposeB` fall back to a naive loop that is 20–30× slower. Every
 * gradient of `matMul(x, W)` needs `xᵀ·dy`, so training an adapter spends most of its time
 * there. This wraps the registered wasm `BatchMatMul` kernel so a transposed operand is first
 * transposed explicitly (a fast wasm kernel) and the fast path is used. Products are the same
 * up to float summation order; the wrapper is deterministic.
 *
 * Installed at most once per process, and only if the wasm backend's kernel is registered;
 * returns whether the wrapper is (now) active.
 */
export function useFastWasmMatMul(): boolean {
  const current = tf.getKernel('BatchMatMul', 'wasm') as (tf.KernelConfig & { [FAST]?: true }) | undefined;
  if (!current) return false;
  if (current[FAST]) return true;
  const transposeKernel = tf.getKernel('Transpose', 'wasm');
  if (!transposeKernel) return false;
  const original = current;
  const transposed = (x: tf.TensorInfo, backend: unknown): tf.TensorInfo => {
    const rank = x.shape.length;
    const perm = Array.from({ length: rank }, (_, i) => i);
    perm[rank - 2] = rank - 1;
    perm[rank - 1] = rank - 2;
    return transposeKernel.kernelFunc({ inputs: { x }, backend: backend as tf.KernelBackend, attrs: { perm } }) as tf.TensorInfo;
  };
  const wrapped: tf.KernelConfig & { [FAST]: true } = {
    kernelName: original.kernelName,
    backendName: original.backendName,
    ...(original.setupFunc ? { setupFunc: original.setupFunc } : {}),
    ...(original.disposeFunc ? { disposeFunc: original.disposeFunc } : {}),
    [FAST]: true,
    kernelFunc: (args) => {
      const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean };
      if (!attrs.transposeA && !attrs.transposeB) return original.kernelFunc(args);
      const backend = args.backend as unknown as { disposeData(dataId: unknown): void };
      const inputs = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const a = attrs.transposeA ? transposed(inputs.a, args.backend) : inputs.a;
      const b = attrs.transposeB ? transposed(inputs.b, args.backend) : inputs.b;
      try {
        return original.kernelFunc({ ...args, inputs: { a, b }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
      } finally {
        if (a !== inputs.a) backend.disposeData(a.dataId);
        if (b !== inputs.b) backend.disposeData(b.dataId);
      }
    },
  };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel(wrapped);
  return true;
}
