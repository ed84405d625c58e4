import { join } from 'node:path';
import { ensureDevKey } from './auth/dev-key.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { startHub, type Topology } from './hub.js';
import { seedHub } from './resolvers/seed.js';
import { log } from './server/log.js';

const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pgdata') });
await database.migrate();
if (!config.production) {
  await seedHub(database.db);
  await ensureDevKey(config.dataDir);
}
const topology = (process.env.HUB_TOPOLOGY ?? 'in-process') as Topology;
const hub = await startHub(config, database.db, topology, process.env.HOST ?? '127.0.0.1');

log.info({ url: hub.url, topology, database: database.kind }, 'hub ready');
if (!config.production) {
  console.log(`
  医保骗保 data-sharing hub is running (${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}, ${topology}).

  Explorer:  ${hub.url}   (open it in a browser; set the Authorization header in its connection settings)
  Health:    ${hub.url.replace('/graphql', '/health')}
  Token:     npm run token -- mib-220102-officer-1      (npm run token -- --list shows every demo user)
  Try:       curl -s ${hub.url} -H 'content-type: application/json' \\
               -H "authorization: Bearer $(npm run -s token -- mib-220102-officer-1)" \\
               -d '{"query":"{ me { personId position agency { name } } }"}'
`);
}

const shutdown = async () => {
  await hub.stop();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
