import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { contextFor, type Context, type Services } from './auth/context.js';
import { GATEWAY_SECRET_HEADER } from './gateway.js';
import { buildSubgraph, type Subgraph } from './schema/index.js';
import { maskError } from './server/errors.js';
import { apolloHandler, sameSecret } from './server/http.js';
import { currentRequestId } from './server/scope.js';

/**
 * One subgraph over HTTP. It answers only requests that carry its gateway secret (checked before any parsing),
 * and verifies the caller's token itself.
 */
export async function startSubgraphServer(subgraph: Subgraph, services: Services, secret: string, port = 0, host = '127.0.0.1') {
  const apollo = new ApolloServer<Context>({
    schema: subgraph.guarded,
    introspection: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => maskError(formatted, error, currentRequestId()),
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  const handler = apolloHandler(apollo, (req, requestId) => contextFor(services, req.headers.authorization, requestId), {
    ready: () => true,
    guard: (req) => sameSecret(req.headers[GATEWAY_SECRET_HEADER], secret),
  });
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  const url = `http://${host}:${typeof address === 'object' && address ? address.port : port}/graphql`;
  return {
    url,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
    },
  };
}

export { buildSubgraph };
