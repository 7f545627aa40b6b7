// The error catalogue of @embedding-studio/fine-tuning-plugins (listed in the README "Errors" table).
import { ConflictError, InputError, InternalError, type FieldIssue } from '@embedding-studio/errors';

/** `ES_PLUGINS_PATH` (or the `dir` option) is not a readable directory. */
export class PluginsDirectoryNotFoundError extends InputError {
  constructor(dir: string, cause?: unknown) {
    super('FINE_TUNING_PLUGINS_DIRECTORY_NOT_FOUND', `Plugins directory ${dir} does not exist or is not a directory; set ES_PLUGINS_PATH to a folder of plugin modules.`, {
      details: { dir },
      cause,
    });
  }
}

/** A plugin module failed to import or to instantiate. */
export class PluginLoadFailedError extends InternalError {
  constructor(path: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('FINE_TUNING_PLUGINS_LOAD_FAILED', `Plugin ${path} failed to load: ${reason}`, { details: { path }, cause });
  }
}

/** A plugin's `meta` is missing or malformed (the message names the plugin's file and export). */
export class PluginInvalidMetaError extends InputError {
  readonly issues: FieldIssue[];
  constructor(path: string, exportName: string, issues: FieldIssue[]) {
    super(
      'FINE_TUNING_PLUGINS_INVALID_META',
      `Plugin ${exportName} in ${path} has an invalid meta: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}.`,
      { details: { path, export: exportName, issues } },
    );
    this.issues = issues;
  }
}

/** Two plugins declare the same `meta.name`. */
export class PluginDuplicateNameError extends ConflictError {
  constructor(name: string, path: string, firstPath: string) {
    super('FINE_TUNING_PLUGINS_DUPLICATE_NAME', `Plugin name "${name}" in ${path} is already taken by ${firstPath}; give one of them another meta.name.`, {
      details: { name, path, firstPath },
    });
  }
}

/** No loaded plugin has this name. */
export class UnknownFineTuningMethodError extends InputError {
  constructor(name: string, loaded: readonly string[]) {
    super(
      'FINE_TUNING_PLUGINS_UNKNOWN_METHOD',
      `Unknown fine_tuning_method "${name}"; loaded plugins: ${loaded.length ? loaded.map((n) => `"${n}"`).join(', ') : '(none: check ES_PLUGINS_PATH)'}.`,
      { details: { field: 'fine_tuning_method', name, loaded: [...loaded] } },
    );
  }
}

export const FINE_TUNING_PLUGINS_ERROR_CODES = [
  'FINE_TUNING_PLUGINS_DIRECTORY_NOT_FOUND',
  'FINE_TUNING_PLUGINS_LOAD_FAILED',
  'FINE_TUNING_PLUGINS_INVALID_META',
  'FINE_TUNING_PLUGINS_DUPLICATE_NAME',
  'FINE_TUNING_PLUGINS_UNKNOWN_METHOD',
] as const;
export type FineTuningPluginsErrorCode = (typeof FINE_TUNING_PLUGINS_ERROR_CODES)[number];
