import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FieldIssue } from '@embedding-studio/errors';
import { PluginDuplicateNameError, PluginInvalidMetaError, PluginLoadFailedError, PluginsDirectoryNotFoundError } from '../errors.js';
import { isFineTuningMethodClass, type FineTuningMethod, type MethodLogger, type PluginMeta } from './fine-tuning-method.js';
import { MethodRegistry, type LoadedMethod } from './method-registry.js';

/** Module file extensions a plugin may have; `.ts` works when the host runs under a TS loader (tsx). */
export const PLUGIN_EXTENSIONS = ['.js', '.mjs', '.ts', '.mts'] as const;

export interface LoadFineTuningMethodsOptions {
  /** The plugins directory (`ES_PLUGINS_PATH`). */
  dir: string;
  logger?: MethodLogger;
  /** Imports a module by file URL. @defaultValue dynamic `import()` */
  importModule?: (url: string) => Promise<Record<string, unknown>>;
}

/** One plugin that did not load (the others still do). */
export interface PluginLoadFailure {
  readonly path: string;
  readonly error: Error;
}

export interface LoadFineTuningMethodsResult {
  readonly registry: MethodRegistry;
  readonly failures: readonly PluginLoadFailure[];
}

const isTestFile = (name: string): boolean => /\.(spec|test|int-spec|e2e-spec)\.[cm]?[jt]s$/.test(name) || name.endsWith('.d.ts') || name.endsWith('.d.mts');

/** Module files of the directory: `*.{js,mjs,ts,mts}` and `<folder>/index.{js,mjs,ts,mts}`, sorted. */
async function pluginFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
    entries = await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    throw new PluginsDirectoryNotFoundError(dir, cause);
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
    if (entry.isFile() && PLUGIN_EXTENSIONS.some((ext) => entry.name.endsWith(ext)) && !isTestFile(entry.name)) {
      files.push(join(dir, entry.name));
    } else if (entry.isDirectory() && entry.name !== 'node_modules') {
      for (const ext of PLUGIN_EXTENSIONS) {
        const index = join(dir, entry.name, `index${ext}`);
        if (await stat(index).then((s) => s.isFile(), () => false)) {
          files.push(index);
          break;
        }
      }
    }
  }
  return files;
}

/** Checks a plugin's meta; lists every problem. */
export function validatePluginMeta(meta: unknown): { meta: PluginMeta | null; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  if (typeof meta !== 'object' || meta === null) {
    return { meta: null, issues: [{ field: 'meta', message: 'must be an object { name, version, description? } declared on the class' }] };
  }
  const m = meta as Record<string, unknown>;
  const name = m['name'];
  if (typeof name !== 'string' || !/^[\w][\w .\-/]{0,99}$/.test(name) || name !== name.trim()) {
    issues.push({ field: 'meta.name', message: 'must be 1-100 characters of letters, digits, space, _ . - / (starting with a letter, digit or _)' });
  }
  const version = m['version'] ?? '1.0.0';
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+([-+][\w.-]+)?$/.test(version)) {
    issues.push({ field: 'meta.version', message: 'must be a semantic version such as 1.0.0' });
  }
  const description = m['description'];
  if (description !== undefined && (typeof description !== 'string' || description.length > 1000)) {
    issues.push({ field: 'meta.description', message: 'must be a string of at most 1000 characters' });
  }
  if (issues.length) return { meta: null, issues };
  return {
    meta: { name: name as string, version: version as string, ...(typeof description === 'string' ? { description } : {}) },
    issues,
  };
}

/**
 * Discovers plugins: imports every module of `dir`, instantiates each exported
 * {@link FineTuningMethod} subclass with no arguments and registers it under `meta.name`.
 * A module that fails (import error, constructor error, bad meta, taken name) is reported in
 * `failures` with its path and logged; the others still load.
 *
 * @throws PluginsDirectoryNotFoundError when `dir` is not a directory.
 */
export async function loadFineTuningMethods(options: LoadFineTuningMethodsOptions): Promise<LoadFineTuningMethodsResult> {
  const importModule = options.importModule ?? ((url: string) => import(url) as Promise<Record<string, unknown>>);
  const loaded: LoadedMethod[] = [];
  const failures: PluginLoadFailure[] = [];
  const fail = (path: string, error: Error): void => {
    failures.push({ path, error });
    options.logger?.error('plugin failed to load', { path, code: (error as { code?: string }).code, error: error.message });
  };
  for (const file of await pluginFiles(options.dir)) {
    const source = relative(options.dir, file);
    let mod: Record<string, unknown>;
    try {
      mod = await importModule(pathToFileURL(file).href);
    } catch (cause) {
      fail(file, new PluginLoadFailedError(file, cause));
      continue;
    }
    const seen = new Set<unknown>();
    for (const [exportName, value] of Object.entries(mod)) {
      if (!isFineTuningMethodClass(value) || seen.has(value)) continue;
      seen.add(value);
      let method: FineTuningMethod;
      try {
        method = new value();
      } catch (cause) {
        fail(file, new PluginLoadFailedError(file, cause));
        continue;
      }
      const { meta, issues } = validatePluginMeta((method as { meta?: unknown }).meta);
      if (!meta) {
        fail(file, new PluginInvalidMetaError(file, exportName, issues));
        continue;
      }
      const taken = loaded.find((l) => l.meta.name === meta.name);
      if (taken) {
        fail(file, new PluginDuplicateNameError(meta.name, file, join(options.dir, taken.source)));
        continue;
      }
      loaded.push({ method, meta, source });
      options.logger?.info('plugin loaded', { name: meta.name, version: meta.version, path: file });
    }
  }
  return { registry: new MethodRegistry(loaded), failures };
}
