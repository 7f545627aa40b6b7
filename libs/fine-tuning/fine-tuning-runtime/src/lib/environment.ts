import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** The process environment over an optional .env file (`ENV_FILE`, default `./.env`). */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const file = env['ENV_FILE'] ?? '.env';
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...env };
}
