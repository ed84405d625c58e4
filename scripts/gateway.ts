import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { runEntry } from '../config.ts';
import { analyticsRoutes } from '../server/analytics.ts';
import { explorerRoutes } from '../server/explorer.ts';
import { configuredGateway, forwardDocuments, HttpDataSource, startGateway } from '../server/gateway.ts';
import { GATEWAY_SECRET_HEADER } from '../server/http.ts';
import { keyRoutes } from '../server/keys.ts';
import { log } from '../server/log.ts';
import { createMetrics } from '../server/metrics.ts';
import { subgraphCheck } from '../server/readiness.ts';

/** `npm run gateway`: the gateway alone, calling subgraphs at SUBGRAPH_URL_<NAME> (deployments, docker-compose). */
async function runStandalone() {
  const { loadConfig, SUBGRAPH_NAMES, StartError } = await import('../config.ts');
  const { stopOnSignals } = await import('../server/lifecycle.ts');
  const { openDatabase } = await import('../db/client.ts');
  const { createServices } = await import('../server/services.ts');
  const { databaseCheck } = await import('../server/readiness.ts');
  const config = loadConfig();
  if (!config.databaseUrl)
    throw new StartError('DATABASE_URL must be set: the gateway identifies callers from the registry in PostgreSQL');
  const { startTracing, isTracing, traceStatements } = await import('../server/tracing.ts');
  const tracing = startTracing(config.traces, 'yibao-hub-gateway');
  const database = await openDatabase({
    url: config.databaseUrl,
    onConnectionError: (err) => log.warn({ err }, 'database connection lost; the pool reconnects'),
    onConnect: isTracing() ? traceStatements : undefined,
  });
  const services = createServices(config, database.db);
  const dataSources = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => {
      const url = process.env[`SUBGRAPH_URL_${name.toUpperCase()}`];
      if (!url) throw new StartError(`SUBGRAPH_URL_${name.toUpperCase()} must be set`);
      return [name, new HttpDataSource(name, url, config.subgraphSecrets[name], services.signer)];
    }),
  );
  const supergraphSdl = readFileSync(new URL('../schema/sdl/supergraph.graphql', import.meta.url), 'utf8');
  const gateway = await startGateway(
    {
      supergraphSdl,
      dataSources,
      ...configuredGateway(config, services),
      routes: [
        forwardDocuments(process.env.SUBGRAPH_URL_SHARED!, config.subgraphSecrets.shared),
        keyRoutes(services),
        explorerRoutes(),
        analyticsRoutes(),
      ],
      metrics: createMetrics(database.db),
      readinessChecks: {
        database: databaseCheck(database.db),
        ...Object.fromEntries(
          SUBGRAPH_NAMES.map((name) => [
            name,
            subgraphCheck(
              process.env[`SUBGRAPH_URL_${name.toUpperCase()}`]!,
              GATEWAY_SECRET_HEADER,
              config.subgraphSecrets[name],
            ),
          ]),
        ),
      },
    },
    config.port,
    process.env.HOST ?? '127.0.0.1',
  );
  stopOnSignals(async () => {
    await gateway.stop();
    await services.refusals.stop();
    await database.close();
    await tracing.stop();
  });
  console.log(`gateway at ${gateway.url}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runEntry(runStandalone);
