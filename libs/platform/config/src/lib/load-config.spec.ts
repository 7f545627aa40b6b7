import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ConfigError } from './config-error.js';
import { EnvBoolean, EnvList, EnvNumber, EnvString } from './decorators.js';
import { describeConfig, envKeys, loadConfig, redactValue } from './load-config.js';

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
