import { createServer, type Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { type Context, contextFor, type Services, viewerOf } from '../auth/context.ts';
import { readStatement, STATEMENT_HEADER } from '../auth/statement.ts';
import { flushRequestAudit } from '../resolvers/audit.ts';
import type { Subgraph } from '../schema/index.ts';
import { armor } from './armor.ts';
import { errorSeen, maskError, unavailableAs503 } from './errors.ts';
import { apolloHandler, GATEWAY_SECRET_HEADER, listenOn, type Route, sameSecret, stopServer } from './http.ts';
import { databaseCheck, readiness } from './readiness.ts';
import { currentRequestId } from './scope.ts';
import { noReporting } from './silent.ts';

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

/** A subgraph's GraphQL server as it runs behind the gateway: over HTTP (`startSubgraphServer`), or in the fast tier. */
export function subgraphApollo(subgraph: Subgraph) {
  const limits = armor(2);
  return new ApolloServer<Context>({
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
}

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
  const apollo = subgraphApollo(subgraph);
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
