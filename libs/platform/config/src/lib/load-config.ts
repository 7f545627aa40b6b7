import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { type ValidationError as ClassValidationError, getMetadataStorage, validateSync } from 'class-validator';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { InvalidEnvValue } from './decorators.js';

type EnvClass<T> = new () => T;

const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE|ACCESS_KEY|ADMIN_KEY|API_KEY)/i;
const URL_WITH_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/@]+:)([^@]+)(@)/i;

/** Redacts a value for logs and error messages: secret-looking names fully, URL passwords partly. */
export function redactValue(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value instanceof InvalidEnvValue ? String(value.raw) : Array.isArray(value) ? value.join(',') : String(value);
  if (SECRET_NAME.test(name)) return text.length === 0 ? '' : '***';
  return text.replace(URL_WITH_PASSWORD, '$1***$3');
}

/** The environment variable names an env class declares (its validated properties). */
export function envKeys<T extends object>(envClass: EnvClass<T>): string[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(envClass, '', true, false);
  return [...new Set(metas.map((m) => m.propertyName))].sort();
}

/**
 * Builds and validates a config object from `source` (default `process.env`), once, at start-up.
 * Unset variables keep the class's default values. Throws a {@link ConfigError} that lists every
 * invalid variable with a redacted value. Unknown variables are ignored.
 */
export function loadConfig<T extends object>(envClass: EnvClass<T>, source: Record<string, string | undefined> = process.env): T {
  const keys = envKeys(envClass);
  const picked: Record<string, string> = {};
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined) picked[key] = value;
  }
  const instance = plainToInstance(envClass, picked, { exposeDefaultValues: true });
  // A transform returning undefined must not erase the class default.
  const defaults = new envClass() as Record<string, unknown>;
  const target = instance as Record<string, unknown>;
  for (const key of keys) {
    if (target[key] === undefined && defaults[key] !== undefined) target[key] = defaults[key];
  }
  const errors = validateSync(instance, { skipMissingProperties: false, forbidUnknownValues: true });
  const issues: ConfigIssue[] = [];
  for (const key of keys) {
    const v = target[key];
    if (v instanceof InvalidEnvValue) {
      issues.push({ variable: key, value: redactValue(key, v), problems: [`must be ${v.expected}`] });
    }
  }
  for (const e of flatten(errors)) {
    if (issues.some((i) => i.variable === e.property)) continue;
    issues.push({
      variable: e.property,
      value: redactValue(e.property, source[e.property]),
      problems: Object.values(e.constraints ?? {}),
    });
  }
  if (issues.length > 0) {
    issues.sort((a, b) => a.variable.localeCompare(b.variable));
    throw new ConfigError(issues);
  }
  return instance;
}

/** A copy of a loaded config with secrets redacted, for the one start-up log line. */
export function describeConfig<T extends object>(config: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) out[k] = typeof v === 'string' || Array.isArray(v) ? redactValue(k, v) : v;
  return out;
}

function flatten(errors: ClassValidationError[]): ClassValidationError[] {
  return errors.flatMap((e) => [e, ...flatten(e.children ?? [])]).filter((e) => e.constraints !== undefined);
}

/** Where {@link loadConfigOrExit} reports an invalid configuration; injectable for tests. */
export interface LoadConfigOrExitOptions {
  /** Prints the {@link ConfigError} message (every invalid variable, redacted). @defaultValue `console.error` */
  print?: (message: string) => void;
  /** Ends the process with the given code. @defaultValue `process.exit` */
  exit?: (code: number) => void;
}

/**
 * {@link loadConfig} for an app's `main`: on a {@link ConfigError} it prints the error's message
 * (the full list of invalid variables, no stack trace) and exits with code 1, so a misconfigured
 * process stops before opening any connection. Any other error is rethrown unchanged. If an
 * injected `exit` returns, the ConfigError is thrown after it.
 *
 * @example
 * ```ts
 * const config = loadConfigOrExit(ApiEnv, process.env);
 * ```
 */
export function loadConfigOrExit<T extends object>(
  envClass: EnvClass<T>,
  source: Record<string, string | undefined> = process.env,
  options: LoadConfigOrExitOptions = {},
): T {
  try {
    return loadConfig(envClass, source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    (options.print ?? ((message: string) => console.error(message)))(error.message);
    (options.exit ?? ((code: number) => process.exit(code)))(1);
    throw error;
  }
}
