import * as tf from '@tensorflow/tfjs';
import { initTfjsBackend } from '@embedding-studio/model-runtime/tfjs';

/** The tfjs namespace, as the learners use it. */
export type Tf = typeof tf;

/** Backend names `--backend` accepts (those of `initTfjsBackend`). */
export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/**
 * Activates the fastest tfjs backend present (native bindings when installed, then
 * WebAssembly, then plain JS) through model-runtime's backend selection, or exactly `backend`
 * when given. Returns the tfjs namespace and the chosen backend.
 */
export async function loadTf(backend?: BackendName): Promise<{ tf: Tf; backend: string }> {
  const result = await initTfjsBackend({ engine: tf, ...(backend ? { backend } : {}) });
  return { tf, backend: result.backend };
}
