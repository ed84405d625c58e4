import { pathToFileURL } from 'node:url';
import { runEntry } from '../config.ts';
import { buildSubgraph } from '../schema/index.ts';
import { fileRoutes } from '../server/files.ts';
import { firstOf } from '../server/http.ts';
import { reportRoutes } from '../server/reports.ts';
import { startSubgraphServer } from '../server/subgraph.ts';

/** `SUBGRAPH=mib npm run subgraph`: one subgraph as its own process, on PostgreSQL (deployments, docker-compose). */
async function runStandalone() {
  const { loadConfig, StartError } = await import('../config.ts');
  const { assertPortFree, stopOnSignals } = await import('../server/lifecycle.ts');
  const { log } = await import('../server/log.ts');
  const { openDatabase } = await import('../db/client.ts');
  const { createServices } = await import('../server/services.ts');
  const config = loadConfig();
  const name = process.env.SUBGRAPH as keyof typeof config.subgraphSecrets;
  if (!config.subgraphSecrets[name])
    throw new StartError(`SUBGRAPH must be one of ${Object.keys(config.subgraphSecrets).join(', ')}`);
  if (!config.databaseUrl) throw new StartError('DATABASE_URL must be set: a standalone subgraph runs on PostgreSQL');
  await assertPortFree(config.port, process.env.HOST ?? '127.0.0.1');
  const { startTracing, isTracing, traceStatements } = await import('../server/tracing.ts');
  const tracing = startTracing(config.traces, `yibao-hub-${name}`);
  const database = await openDatabase({
    url: config.databaseUrl,
    onConnectionError: (err) => log.warn({ err }, 'database connection lost; the pool reconnects'),
    onConnect: isTracing() ? traceStatements : undefined,
  });
  const services = createServices(config, database.db);
  const server = await startSubgraphServer(
    buildSubgraph(name),
    services,
    config.subgraphSecrets[name],
    config.port,
    process.env.HOST ?? '127.0.0.1',
    // The shared subgraph owns documents and reports, so it serves their files; the gateway forwards
    // /documents/ and /reports/ to it.
    name === 'shared' ? firstOf([fileRoutes(services, config.maxFileBytes), reportRoutes(services)]) : undefined,
  );
  stopOnSignals(async () => {
    await server.stop();
    await services.refusals.stop();
    await database.close();
    await tracing.stop();
  });
  console.log(`subgraph ${name} at ${server.url}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runEntry(runStandalone);
