import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ModelRuntimeBackendUnavailableError, ModelRuntimeUnknownBackendError } from '../errors.js';

/** The backends {@link initTfjsBackend} knows, fastest first. */
export const TFJS_BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;

/**
 * A candidate backend. `tensorflow-gpu` and `tensorflow` are the native TensorFlow bindings
 * (`@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node`); both register under the tfjs backend
 * name `tensorflow`. `wasm` is `@tensorflow/tfjs-backend-wasm`; `cpu` is plain JavaScript.
 */
export type TfjsBackendName = (typeof TFJS_BACKEND_NAMES)[number];

/** The part of the tfjs namespace that backend selection uses (the app's own `tf` fits). */
export interface TfjsBackendEngine {
  setBackend(name: string): Promise<boolean>;
  getBackend(): string;
  ready(): Promise<void>;
}

/** The part of `@tensorflow/tfjs-backend-wasm` that backend selection uses. */
export interface TfjsWasmModule {
  setWasmPaths(prefixOrFileMap: string | Record<string, string>): void;
  setThreadsCount?(threads: number): void;
}

/**
 * How each optional package is loaded. The defaults are dynamic `import()`s, so a package that is
 * not installed is skipped, not a start-up crash. Override them when a bundler needs static
 * specifiers, when the app already imported the package, or in tests.
 */
export interface TfjsBackendImporters {
  'tensorflow-gpu': () => Promise<unknown>;
  tensorflow: () => Promise<unknown>;
  wasm: () => Promise<TfjsWasmModule>;
}

/** Where backend selection reports its choice (any `Logger` from observability fits). */
export interface TfjsBackendLogger {
  info(message: string, meta?: Record<string, unknown>): void;
}

export interface InitTfjsBackendOptions {
  /**
   * Candidates to try, in order; the first that initialises wins.
   * @defaultValue `['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']`
   */
  preferred?: readonly TfjsBackendName[];
  /**
   * Explicit choice, e.g. the app's `TFJS_BACKEND` variable. Only this backend is tried and a
   * failure throws (no silent fallback). Empty or `undefined` means "no override".
   * @defaultValue undefined
   */
  backend?: string | undefined;
  /** Receives one `info` line with the choice and every attempt. @defaultValue no logging */
  logger?: TfjsBackendLogger;
  /**
   * XNNPACK threads for the wasm backend. Only takes effect where the threaded wasm binary can
   * run (browsers with cross-origin isolation); Node.js runs the single-threaded SIMD binary.
   * @defaultValue the wasm backend's own default
   */
  wasmThreads?: number;
  /**
   * Directory (ending in `/`) or per-file map of the `.wasm` binaries.
   * @defaultValue the `dist/` folder of `@tensorflow/tfjs-backend-wasm`, resolved from `node_modules`
   */
  wasmPaths?: string | Record<string, string>;
  /** Replaces the loaders of the optional packages. @defaultValue dynamic `import()` of each package */
  importers?: Partial<TfjsBackendImporters>;
  /** The tfjs instance to configure. @defaultValue the `@tensorflow/tfjs` this package resolves */
  engine?: TfjsBackendEngine;
}

/** One candidate that was tried. */
export interface TfjsBackendAttempt {
  name: TfjsBackendName;
  ok: boolean;
  /** Why it failed (absent when `ok`). */
  error?: string;
}

export interface InitTfjsBackendResult {
  /** The candidate that is now active. */
  backend: TfjsBackendName;
  /** The name tfjs reports (`tf.getBackend()`), e.g. `tensorflow` for both native bindings. */
  engineBackend: string;
  /** Every candidate tried, in order, up to and including the winner. */
  tried: TfjsBackendAttempt[];
}

const PACKAGES: Record<Exclude<TfjsBackendName, 'cpu'>, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
};

/** The tfjs backend name each candidate registers. */
const ENGINE_NAMES: Record<TfjsBackendName, string> = {
  'tensorflow-gpu': 'tensorflow',
  tensorflow: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

/** Imports a package by a computed specifier, so neither TypeScript nor bundlers require it to exist. */
function importOptional(specifier: string): () => Promise<unknown> {
  return () => import(specifier) as Promise<unknown>;
}

const defaultImporters: TfjsBackendImporters = {
  'tensorflow-gpu': importOptional(PACKAGES['tensorflow-gpu']),
  tensorflow: importOptional(PACKAGES.tensorflow),
  wasm: async () => normaliseWasmModule(await importOptional(PACKAGES.wasm)()),
};

function normaliseWasmModule(mod: unknown): TfjsWasmModule {
  // A CommonJS package imported from ESM may expose its exports on `default` only.
  const candidate = mod as Partial<TfjsWasmModule> & { default?: Partial<TfjsWasmModule> };
  const api = typeof candidate.setWasmPaths === 'function' ? candidate : candidate.default;
  if (!api || typeof api.setWasmPaths !== 'function') {
    throw new Error(`${PACKAGES.wasm} did not export setWasmPaths(); is it the same major version as @tensorflow/tfjs?`);
  }
  return api as TfjsWasmModule;
}

/**
 * The folder holding the `.wasm` binaries of `@tensorflow/tfjs-backend-wasm`, found through
 * Node's resolution from this file, or `undefined` when it cannot be resolved (bundled code).
 */
export function locateTfjsWasmDirectory(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return `${dirname(require.resolve(PACKAGES.wasm))}/`;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    return `not installed (${message.split('\n')[0]})`;
  }
  return message.split('\n')[0] ?? message;
}

/**
 * Parses a backend name from configuration, e.g. an environment variable. Empty or undefined
 * gives `undefined`; an unknown name throws {@link ModelRuntimeUnknownBackendError}.
 */
export function parseTfjsBackendName(value: string | undefined, field = 'backend'): TfjsBackendName | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim().toLowerCase();
  if (trimmed === '') return undefined;
  if ((TFJS_BACKEND_NAMES as readonly string[]).includes(trimmed)) return trimmed as TfjsBackendName;
  throw new ModelRuntimeUnknownBackendError(field, value, TFJS_BACKEND_NAMES);
}

/**
 * Chooses and activates the fastest available tfjs backend.
 *
 * Candidates are tried in order (by default `tensorflow-gpu` → `tensorflow` → `wasm` → `cpu`); a
 * package that is not installed or fails to initialise is skipped and its reason recorded in
 * `tried`. Safe to call more than once: modules are imported once, and re-activating the
 * current backend is a no-op in tfjs.
 *
 * The native bindings must load the same tfjs instance as the app: install
 * `@tensorflow/tfjs-node(-gpu)` at exactly the version of `@tensorflow/tfjs`, so the package
 * manager keeps a single `@tensorflow/tfjs-core` (`npm ls @tensorflow/tfjs-core` shows one).
 *
 * @throws ModelRuntimeUnknownBackendError for a name outside {@link TFJS_BACKEND_NAMES}.
 * @throws ModelRuntimeBackendUnavailableError when no candidate initialises (with an explicit
 *   `backend`, when that one fails).
 */
export async function initTfjsBackend(options: InitTfjsBackendOptions = {}): Promise<InitTfjsBackendResult> {
  const engine = options.engine ?? tf;
  const importers: TfjsBackendImporters = { ...defaultImporters, ...options.importers };
  const explicit = parseTfjsBackendName(options.backend);
  const order: readonly TfjsBackendName[] = explicit ? [explicit] : (options.preferred ?? TFJS_BACKEND_NAMES);
  if (order.length === 0) {
    throw new ModelRuntimeBackendUnavailableError([]);
  }
  for (const [i, name] of order.entries()) parseTfjsBackendName(name, `preferred[${i}]`);

  const activate = async (name: TfjsBackendName): Promise<void> => {
    if (name === 'wasm') {
      const wasm = await importers.wasm();
      const paths = options.wasmPaths ?? locateTfjsWasmDirectory();
      if (paths !== undefined) wasm.setWasmPaths(paths);
      if (options.wasmThreads !== undefined) wasm.setThreadsCount?.(options.wasmThreads);
    } else if (name !== 'cpu') {
      await importers[name]();
    }
    const engineName = ENGINE_NAMES[name];
    const ok = await engine.setBackend(engineName);
    if (!ok) throw new Error(`tf.setBackend('${engineName}') returned false (see the tfjs warning above)`);
    await engine.ready();
    const active = engine.getBackend();
    if (active !== engineName) throw new Error(`tfjs reports backend '${active}' after selecting '${engineName}'`);
  };

  const tried: TfjsBackendAttempt[] = [];
  for (const name of order) {
    try {
      await activate(name);
    } catch (error) {
      tried.push({ name, ok: false, error: describe(error) });
      continue;
    }
    tried.push({ name, ok: true });
    const result: InitTfjsBackendResult = { backend: name, engineBackend: engine.getBackend(), tried };
    options.logger?.info(`tfjs backend: ${name}`, {
      backend: name,
      engineBackend: result.engineBackend,
      explicit: explicit !== undefined,
      tried: tried.map((t) => ({ ...t })),
    });
    return result;
  }
  throw new ModelRuntimeBackendUnavailableError(tried);
}
