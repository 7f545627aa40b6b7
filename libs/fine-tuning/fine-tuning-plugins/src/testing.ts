// Test helpers of @embedding-studio/fine-tuning-plugins.
import type { FineTuningMethod } from './lib/fine-tuning-method.js';
import { MethodRegistry } from './lib/method-registry.js';

/** A registry of the given method instances (no directory scan). */
export function methodRegistryOf(...methods: FineTuningMethod[]): MethodRegistry {
  return new MethodRegistry(methods.map((method) => ({ method, meta: method.meta, source: '(test)' })));
}
