import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { type Context, contextFor, type Services, viewerOf } from './auth/context.js';
import { readStatement, STATEMENT_HEADER } from './auth/statement.js';
import { runEntry } from './config.js';
import { firstOf, type Route } from './gateway.js';
import { flushRequestAudit } from './resolvers/audit.js';
import { buildSubgraph, type Subgraph } from './schema/index.js';
import { armor } from './server/armor.js';
import { errorSeen, maskError, unavailableAs503 } from './server/errors.js';
import { fileRoutes } from './server/files.js';
import { apolloHandler, GATEWAY_SECRET_HEADER, listenOn, sameSecret, stopServer } from './server/http.js';
import { databaseCheck, readiness } from './server/readiness.js';
import { reportRoutes } from './server/reports.js';
import { currentRequestId } from './server/scope.js';
import { noReporting } from './server/silent.js';

/** Sensitive reads and denials reach the audit log before the response leaves; if they cannot, the data does not. */
const auditBeforeResponding: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        if (response.body.kind !== 'single' || !contextValue?.audit) return;
        try {
          await flushRequestAudit(contextValue, (response.body.singleResult.errors ?? []).map(errorSeen));
        } catch (error) {
          response.body.singleResult = {
            errors: [maskError({ message: 'audit write failed' }, error, currentRequestId())],
          };
        }
      },
    };
  },
};

/**
 * One subgraph over HTTP. It answers only requests that carry its gateway secret (checked before any parsing),
 * and verifies the caller's token itself.
 */
export async function startSubgraphServer(
  subgraph: Subgraph,
  services: Services,
  secret: string,
  port = 0,
  host = '127.0.0.1',
  routes?: Route,
) {
  const limits = armor(2);
  const apollo = new ApolloServer<Context>({
    schema: subgraph.guarded,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    introspection: false,
    csrfPrevention: true,
    // The process's own handler (server/lifecycle.ts) stops everything in order; Apollo's would race it.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => maskError(formatted, error, currentRequestId()),
    plugins: [
      ...noReporting<Context>(),
      ...(limits.plugins as ApolloServerPlugin<Context>[]),
      unavailableAs503<Context>(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // The hub sets no cache hints; Apollo's cache control would still wrap every field's resolver to look for them.
      ApolloServerPluginCacheControlDisabled(),
      auditBeforeResponding,
    ],
  });
  await apollo.start();
  const handler = apolloHandler(
    apollo,
    async (req, requestId) => {
      const { authorization } = req.headers;
      const source = req.socket.remoteAddress ?? 'unknown';
      const stated = readStatement(services.signer, req.headers[STATEMENT_HEADER], authorization, requestId);
      const viewer = await viewerOf(services, authorization, source, stated);
      return contextFor(services, authorization, requestId, source, viewer);
    },
    {
      name: subgraph.name,
      ready: () => true,
      guard: (req) => sameSecret(req.headers[GATEWAY_SECRET_HEADER], secret),
      readiness: readiness({ database: databaseCheck(services.db) }),
      routes,
    },
  );
  const server: Server = createServer(handler);
  const { url } = await listenOn(server, port, host);
  return {
    url,
    stop: async () => {
      await stopServer(server);
      await apollo.stop();
    },
  };
}

/** `SUBGRAPH=mib tsx subgraph.ts`: one subgraph as its own process, on PostgreSQL (deployments, docker-compose). */
async function runStandalone() {
  const { loadConfig, StartError } = await import('./config.js');
  const { assertPortFree, stopOnSignals } = await import('./server/lifecycle.js');
  const { log } = await import('./server/log.js');
  const { openDatabase } = await import('./db/client.js');
  const { createServices } = await import('./server/services.js');
  const config = loadConfig();
  const name = process.env.SUBGRAPH as keyof typeof config.subgraphSecrets;
  if (!config.subgraphSecrets[name])
    throw new StartError(`SUBGRAPH must be one of ${Object.keys(config.subgraphSecrets).join(', ')}`);
  if (!config.databaseUrl) throw new StartError('DATABASE_URL must be set: a standalone subgraph runs on PostgreSQL');
  await assertPortFree(config.port, process.env.HOST ?? '127.0.0.1');
  const { startTracing, isTracing, traceStatements } = await import('./server/tracing.js');
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
