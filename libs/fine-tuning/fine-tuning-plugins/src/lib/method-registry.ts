import { UnknownFineTuningMethodError } from '../errors.js';
import type { FineTuningMethod, PluginMeta } from './fine-tuning-method.js';

/** A loaded plugin and where it came from. */
export interface LoadedMethod {
  readonly method: FineTuningMethod;
  readonly meta: PluginMeta;
  /** The module file, relative to the plugins directory. */
  readonly source: string;
}

/** The loaded plugins by name (read-only once built). */
export class MethodRegistry {
  readonly #byName: ReadonlyMap<string, LoadedMethod>;

  constructor(methods: readonly LoadedMethod[]) {
    this.#byName = new Map(methods.map((m) => [m.meta.name, m]));
  }

  /** Sorted names of the loaded plugins. */
  names(): readonly string[] {
    return [...this.#byName.keys()].sort();
  }

  /** Metadata of every plugin, sorted by name (what `GET /fine-tuning/methods` shows). */
  list(): readonly PluginMeta[] {
    return this.names().map((n) => (this.#byName.get(n) as LoadedMethod).meta);
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  /** @throws UnknownFineTuningMethodError listing the loaded names. */
  get(name: string): FineTuningMethod {
    const found = this.#byName.get(name);
    if (!found) throw new UnknownFineTuningMethodError(name, this.names());
    return found.method;
  }
}
