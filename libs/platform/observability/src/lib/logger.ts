import { pino, type Logger as PinoLogger } from 'pino';

/** Structured metadata attached to a log line. Never put secrets or raw payloads here. */
export type LogMeta = Record<string, unknown>;

/** The logger port every lib accepts (the Backstage `LoggerService` shape). */
export interface Logger {
  error(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  info(message: string, meta?: LogMeta): void;
  debug(message: string, meta?: LogMeta): void;
  /** A logger that adds `meta` to every line. */
  child(meta: LogMeta): Logger;
}

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'silent';

export interface CreateLoggerOptions {
  /** @defaultValue 'info' */
  level?: LogLevel;
  /** Human-readable lines instead of JSON (development). @defaultValue false */
  pretty?: boolean;
  /** Fields added to every line, e.g. `{ service: 'api' }`. */
  base?: LogMeta;
  /** Where lines go; defaults to stdout. */
  destination?: NodeJS.WritableStream;
}

/** Paths redacted in every line, wherever they appear. */
const REDACT = ['*.password', '*.secret', '*.token', '*.authorization', '*.cookie', 'req.headers.authorization'];

/** Creates a pino-backed {@link Logger}. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const transport = options.pretty ? { target: 'pino-pretty', options: { colorize: true } } : undefined;
  const instance = pino(
    {
      level,
      base: options.base ?? null,
      redact: { paths: REDACT, censor: '***' },
      ...(transport && !options.destination ? { transport } : {}),
    },
    options.destination,
  );
  return wrap(instance);
}

function wrap(p: PinoLogger): Logger {
  return {
    error: (message, meta) => p.error(meta ?? {}, message),
    warn: (message, meta) => p.warn(meta ?? {}, message),
    info: (message, meta) => p.info(meta ?? {}, message),
    debug: (message, meta) => p.debug(meta ?? {}, message),
    child: (meta) => wrap(p.child(meta)),
  };
}

/** A logger that drops everything: the default in libs, so library logging costs nothing. */
export const noopLogger: Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => noopLogger,
};
