import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ConfigError } from './config-error.js';
import { EnvBoolean, EnvList, EnvNumber, EnvString } from './decorators.js';
import { describeConfig, envKeys, loadConfig, loadConfigOrExit, redactValue } from './load-config.js';

class SampleEnv {
  @EnvNumber() @IsInt() @Min(1) @Max(65535) PORT = 5000;
  @EnvBoolean() @IsBoolean() DEBUG = false;
  @EnvString() @IsIn(['debug', 'info', 'warn', 'error']) LOG_LEVEL = 'info';
  @EnvList() @IsString({ each: true }) ORIGINS: string[] = [];
  @EnvString() @IsOptional() @IsString() DB_PASSWORD?: string;
}

describe('loadConfig', () => {
  it('applies defaults for unset variables', () => {
    const c = loadConfig(SampleEnv, {});
    expect(c).toMatchObject({ PORT: 5000, DEBUG: false, LOG_LEVEL: 'info', ORIGINS: [] });
  });

  it('parses numbers, booleans (never "false" → true) and lists', () => {
    const c = loadConfig(SampleEnv, { PORT: '8080', DEBUG: 'false', ORIGINS: 'a, b,,c', LOG_LEVEL: 'debug' });
    expect(c.PORT).toBe(8080);
    expect(c.DEBUG).toBe(false);
    expect(c.ORIGINS).toEqual(['a', 'b', 'c']);
    expect(loadConfig(SampleEnv, { DEBUG: '1' }).DEBUG).toBe(true);
  });

  it('reports every invalid variable at once, naming it and what is expected', () => {
    let error: unknown;
    try {
      loadConfig(SampleEnv, { PORT: 'eighty', DEBUG: 'maybe', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const err = error as ConfigError;
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.issues.map((i) => i.variable)).toEqual(['DEBUG', 'LOG_LEVEL', 'PORT']);
    expect(err.message).toContain('PORT="eighty": must be a number');
    expect(err.message).toContain('DEBUG="maybe": must be true or false');
    expect(err.message).toMatch(/LOG_LEVEL="loud": .*one of the following values: debug, info, warn, error/);
  });

  it('checks ranges after parsing', () => {
    expect(() => loadConfig(SampleEnv, { PORT: '70000' })).toThrow(/PORT="70000": PORT must not be greater than 65535/);
  });

  it('lists declared keys and redacts secrets', () => {
    expect(envKeys(SampleEnv)).toEqual(['DB_PASSWORD', 'DEBUG', 'LOG_LEVEL', 'ORIGINS', 'PORT']);
    expect(redactValue('DB_PASSWORD', 'hunter2')).toBe('***');
    expect(redactValue('MONGO_URL', 'mongodb://u:pw@h:1/db')).toBe('mongodb://u:***@h:1/db');
    expect(describeConfig(loadConfig(SampleEnv, { DB_PASSWORD: 'x' }))['DB_PASSWORD']).toBe('***');
  });
});

describe('loadConfigOrExit', () => {
  /** Records what loadConfigOrExit printed and the exit codes it asked for. */
  const recorder = () => {
    const printed: string[] = [];
    const exits: number[] = [];
    return { printed, exits, options: { print: (m: string) => printed.push(m), exit: (c: number) => exits.push(c) } };
  };

  it('returns the loaded config and neither prints nor exits when it is valid', () => {
    const r = recorder();
    const c = loadConfigOrExit(SampleEnv, { PORT: '8080' }, r.options);
    expect(c.PORT).toBe(8080);
    expect(c.LOG_LEVEL).toBe('info');
    expect(r.printed).toEqual([]);
    expect(r.exits).toEqual([]);
  });

  it('prints the full ConfigError message once and exits with 1 when a variable is invalid', () => {
    const r = recorder();
    let thrown: unknown;
    try {
      loadConfigOrExit(SampleEnv, { PORT: 'eighty', DB_PASSWORD: 'hunter2', DEBUG: 'maybe' }, r.options);
    } catch (e) {
      thrown = e;
    }
    expect(r.exits).toEqual([1]);
    expect(r.printed).toHaveLength(1);
    expect(r.printed[0]).toMatch(/^Invalid configuration \(2 variables\):\n {2}- DEBUG="maybe": must be true or false\n {2}- PORT="eighty": must be a number/);
    expect(r.printed[0]).not.toContain('hunter2');
    // The injected exit returned, so the error still stops the caller.
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toBe(r.printed[0]);
  });

  it('rethrows errors other than ConfigError without printing or exiting', () => {
    class BrokenEnv {
      constructor() {
        throw new Error('broken env class');
      }
    }
    const r = recorder();
    expect(() => loadConfigOrExit(BrokenEnv, {}, r.options)).toThrow('broken env class');
    expect(r.printed).toEqual([]);
    expect(r.exits).toEqual([]);
  });
});
