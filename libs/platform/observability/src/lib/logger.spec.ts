import { Writable } from 'node:stream';
import { createLogger, noopLogger } from './logger.js';
import { createMemoryLogger } from './memory-logger.js';

function sink(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes JSON lines with child meta, honours the level, and redacts secrets', () => {
    const out = sink();
    const log = createLogger({ level: 'info', destination: out.stream, base: { service: 'api' } });
    log.child({ requestId: 'r1' }).info('handled', { status: 200, auth: { password: 'pw' } });
    log.debug('hidden');
    const lines = out.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'handled', service: 'api', requestId: 'r1', status: 200, level: 30 });
    expect(lines[0]?.['auth']).toEqual({ password: '***' });
  });
});

describe('memory and noop loggers', () => {
  it('memory logger records lines with merged child meta', () => {
    const log = createMemoryLogger();
    log.child({ job: 'x' }).warn('slow', { ms: 5 });
    expect(log.records).toEqual([{ level: 'warn', message: 'slow', meta: { job: 'x', ms: 5 } }]);
  });
  it('noop logger accepts everything and returns itself as child', () => {
    expect(noopLogger.child({ a: 1 })).toBe(noopLogger);
    expect(() => noopLogger.error('x')).not.toThrow();
  });
});
