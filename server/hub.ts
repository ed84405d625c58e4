import type { GraphQLDataSource } from '@apollo/gateway';
import type { Services } from '../auth/context.ts';
import type { HubConfig } from '../config.ts';
import { recordReadAudit } from '../db/audit.ts';
import type { Db } from '../db/client.ts';
import { buildSubgraphs } from '../schema/index.ts';
import { analyticsRoutes } from './analytics.ts';
import { type ExplorerOptions, explorerRoutes } from './explorer.ts';
import { fileRoutes } from './files.ts';
import {
  composeSupergraph,
  configuredGateway,
  type GatewayContext,
  HttpDataSource,
  InProcessDataSource,
  startGateway,
} from './gateway.ts';
import { GATEWAY_SECRET_HEADER } from './http.ts';
import { keyRoutes } from './keys.ts';
import { createMetrics } from './metrics.ts';
import { type Check, databaseCheck, subgraphCheck } from './readiness.ts';
import { reportRoutes } from './reports.ts';
import { createServices } from './services.ts';
import { startSubgraphServer } from './subgraph.ts';

export type Topology = 'in-process' | 'http';

/**
 * The whole hub in one process: every subgraph and the gateway. In-process, the gateway calls the subgraphs
 * directly; over HTTP, each subgraph listens on its own loopback port and the gateway calls it with its secret.
 */
export async function startHub(
  config: HubConfig,
  db: Db,
  topology: Topology = 'in-process',
  host = '127.0.0.1',
  explorer: ExplorerOptions = {},
  refusalWindowMs = 60_000,
) {
  const services: Services = createServices(config, db, refusalWindowMs);
  const subgraphs = buildSubgraphs();
  const stops: (() => Promise<void>)[] = [];
  const dataSources: Record<string, GraphQLDataSource<GatewayContext>> = {};
  const readinessChecks: Record<string, Check> = { database: databaseCheck(db) };
  const subgraphServers: Record<string, { stop: () => Promise<void> }> = {};
  const subgraphUrls: Record<string, string> = {};
  for (const subgraph of subgraphs) {
    if (topology === 'in-process') {
      dataSources[subgraph.name] = new InProcessDataSource(subgraph, services);
    } else {
      const secret = config.subgraphSecrets[subgraph.name];
      const server = await startSubgraphServer(subgraph, services, secret);
      stops.push(server.stop);
      subgraphServers[subgraph.name] = server;
      subgraphUrls[subgraph.name] = server.url;
      readinessChecks[subgraph.name] = subgraphCheck(server.url, GATEWAY_SECRET_HEADER, secret);
      dataSources[subgraph.name] = new HttpDataSource(subgraph.name, server.url, secret, services.signer);
    }
  }
  const metrics = createMetrics(db);
  stops.push(async () => {
    metrics.stop();
  });
  const gateway = await startGateway(
    {
      supergraphSdl: composeSupergraph(subgraphs),
      dataSources,
      ...configuredGateway(config, services),
      routes: [
        fileRoutes(services, config.maxFileBytes),
        reportRoutes(services),
        keyRoutes(services),
        explorerRoutes(explorer),
        analyticsRoutes({ demoUsers: explorer.demoToken?.people }),
      ],
      metrics,
      readinessChecks,
      recordDenial: (denial) =>
        recordReadAudit(db, null, [
          {
            action: 'GATEWAY_DENIED',
            targetType: 'Gateway',
            detail: {
              code: denial.code,
              reason: denial.reason,
              personId: denial.personId ?? null,
              requestId: denial.requestId,
            },
          },
        ]),
    },
    config.port,
    host,
  );
  return {
    url: gateway.url,
    port: gateway.port,
    services,
    subgraphs,
    /** Only over HTTP: each subgraph's server (for tests that stop one). */
    subgraphServers,
    /** Only over HTTP: where each subgraph listens (for tests that call one directly). */
    subgraphUrls,
    stop: async () => {
      await gateway.stop();
      await Promise.all(stops.map((stop) => stop()));
      await services.refusals.stop();
    },
  };
}
