import { join } from 'node:path';
import { loadConfig, runEntry } from '../config.ts';

/** Development: the explorer mints tokens for the demo users, as `npm run token` does. */
async function demoTokens(config: ReturnType<typeof loadConfig>) {
  const { DEV_ISSUER, ensureDevKey } = await import('../auth/dev-key.ts');
  const { signToken } = await import('../auth/tokens.ts');
  const { demoPeople, demoUsers } = await import('../resolvers/registry/demo.ts');
  const key = await ensureDevKey(config.dataDir);
  const people = await demoPeople();
  return {
    people: await demoUsers(),
    mint: (personId: string) => {
      const person = people.find((p) => p.id === personId)!;
      return signToken(
        key.privateKey,
        key.kid,
        // The registry says who the person is; a token selects one of their positions, here the first.
        { subject: personId, position: person.positions[0] },
        { issuer: DEV_ISSUER, audience: config.audience },
      );
    },
  };
}

/** `npm start`: the whole hub in one process, on embedded PGlite unless DATABASE_URL names a PostgreSQL. */
await runEntry(async () => {
  const config = loadConfig();
  const { assertPortFree, openEmbeddedDataDir, stopOnSignals } = await import('../server/lifecycle.ts');
  const host = process.env.HOST ?? '127.0.0.1';
  if (!config.databaseUrl) openEmbeddedDataDir(config);
  await assertPortFree(config.port, host);
  // The hub loads once the configuration, the data directory and the port hold: a refusal answers at once.
  const { sql } = await import('drizzle-orm');
  const { ensureDevKey } = await import('../auth/dev-key.ts');
  const { openDatabase } = await import('../db/client.ts');
  const { installJobs, startJobs } = await import('../resolvers/reports/jobs.ts');
  const { seedHub } = await import('../resolvers/seed.ts');
  const { startHub } = await import('../server/hub.ts');
  const { log } = await import('../server/log.ts');
  const { isTracing, startTracing, traceStatements } = await import('../server/tracing.ts');
  const tracing = startTracing(config.traces, 'yibao-hub');
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: join(config.dataDir, 'pgdata'),
    onConnectionError: (err) => log.warn({ err }, 'database connection lost; the pool reconnects'),
    onConnect: isTracing() ? traceStatements : undefined,
  });
  await database.migrate();
  if (!config.production) {
    await seedHub(database.db);
    await ensureDevKey(config.dataDir);
  }
  // Embedded PGlite has no autovacuum: without statistics the planner takes any table for a few rows, and a
  // statistic over a million leads runs a hundred times slower than it should.
  if (database.kind === 'pglite') await database.db.execute(sql`analyze`);
  // npm start migrates, so it installs the job queue too (a deployment does both with db:migrate, as the owner).
  await installJobs(database);
  const topology = config.topology ?? 'in-process';
  const demoToken = config.production ? undefined : await demoTokens(config);
  const hub = await startHub(config, database.db, topology, host, { demoToken });
  // The monthly reports' queue, worked in this process (a deployment runs dist/scripts/jobs.js for it).
  const jobs = await startJobs(database, hub.services, (err) => log.error({ err }, 'job queue'));
  stopOnSignals(async () => {
    await hub.stop();
    await jobs.stop();
    await database.close();
    await tracing.stop();
  });

  log.info(
    {
      url: hub.url,
      topology,
      database: database.kind,
      node: process.version,
      crypto: config.crypto,
      subgraphs: hub.subgraphUrls,
    },
    'hub ready',
  );
  if (!config.production) {
    console.log(`
  医保骗保 data-sharing hub is running (${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}, ${topology}, Node.js ${process.version}, HUB_CRYPTO=${config.crypto}).

  Explorer:  ${hub.url.replace('/graphql', '/explorer')}   (works offline; pick a demo user there, or paste a token)
  Analytics: ${hub.url.replace('/graphql', '/analytics')}  (charts of the statistics, in Chinese, for analysts)
  GraphQL:   ${hub.url}
  Public:    ${hub.url.replace('/graphql', '/exposure')}   (the exposure page; feeds under /feed/)
  Health:    ${hub.url.replace('/graphql', '/health')}${Object.entries(hub.subgraphUrls ?? {})
    .map(([name, url]) => `\n  Subgraph:  ${name.padEnd(14)} ${url}   (behind the gateway; answers only its secret)`)
    .join('')}
  Token:     npm run token -- mib-220102-officer-1      (npm run token -- --list shows every demo user)
  Try:       curl -s ${hub.url} -H 'content-type: application/json' \\
               -H "authorization: Bearer $(npm run -s token -- mib-220102-officer-1)" \\
               -d '{"query":"{ me { personId position agency { name } } }"}'
`);
  }
});
