import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createApiKeyService } from '@embedding-studio/api-keys';
import { createMongoApiKeyStore } from '@embedding-studio/api-keys-mongo';
import { loadConfigOrExit } from '@embedding-studio/config';
import { readEnvironment } from '@embedding-studio/fine-tuning-runtime';
import { createMongoConnection } from '@embedding-studio/mongo';
import { ApiEnv } from './config/api-env.js';

const USAGE = `usage: npx nx run api:keys -- <command>
  create --scope <ingest|search|read|admin> [--name <text>]   prints the new key once
  list                                                         every key, without secrets
  revoke <id>                                                  the key stops working (within API_KEY_CACHE_TTL_MS on running APIs)
Reads MONGO_URL and MONGO_DB_NAME like the API.`;

/** Manages API keys in the API's database, through the same lib as the /keys routes. */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { scope: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean' } } });
  const [command, ...rest] = positionals;
  if (values.help || !command || !['create', 'list', 'revoke'].includes(command) || (command === 'revoke' && rest.length !== 1)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfigOrExit(ApiEnv, readEnvironment());
  const mongo = await createMongoConnection({ url: config.MONGO_URL, dbName: config.MONGO_DB_NAME });
  try {
    const keys = createApiKeyService({ store: await createMongoApiKeyStore({ connection: mongo.connection }) });
    if (command === 'create') {
      const { key, record } = await keys.create({ scope: values.scope, ...(values.name === undefined ? {} : { name: values.name }) });
      console.log(JSON.stringify({ ...record, key }, null, 2));
      console.error('Store the key now: it is not shown again. Send it as "Authorization: Bearer <key>".');
    } else if (command === 'list') {
      console.log(JSON.stringify(await keys.list(), null, 2));
    } else {
      console.log(JSON.stringify(await keys.revoke(rest[0]!), null, 2));
    }
    return 0;
  } finally {
    await mongo.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const e = error as { code?: string; message?: string };
    console.error(e.code ? `${e.code}: ${e.message}` : error);
    process.exit(1);
  },
);
