import type { LogMeta, Logger } from './logger.js';

export interface LogRecord {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta: LogMeta;
}

/** A {@link Logger} that keeps lines in memory, for tests. Children share the same `records`. */
export function createMemoryLogger(base: LogMeta = {}, records: LogRecord[] = []): Logger & { records: LogRecord[] } {
  const log = (level: LogRecord['level']) => (message: string, meta?: LogMeta) => {
    records.push({ level, message, meta: { ...base, ...meta } });
  };
  return {
    records,
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: (meta) => createMemoryLogger({ ...base, ...meta }, records),
  };
}
