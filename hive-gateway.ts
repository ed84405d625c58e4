import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { TokenError, type Verifier } from './auth/tokens.js';
import { runEntry } from './config.js';
import { GATEWAY_SECRET_HEADER } from './gateway.js';
import { envelopArmor } from './server/armor.js';
import { listenOn, stopServer } from './server/http.js';
import { log } from './server/log.js';

export interface HiveGatewayOptions {
  supergraphSdl: string;
  /** Where each subgraph listens and the secret it demands. */
  subgraphs: Record<string, { url: string; secret: string }>;
  /** The issuers' signature check; the subgraphs then look the person up in the registry. */
  verify: Verifier;
  production: boolean;
}

const unauthenticated = (message: string) =>
  new Response(JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] }), {
    status: 401,
    headers: { 'content-type': 'application/json' },
  });

/** A request with a token the issuers did not sign (or that expired) ends at the gateway with 401. */
function checkToken(verify: Verifier): GatewayPlugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== '/graphql') return;
      const authorization = request.headers.get('authorization');
      if (!authorization) return;
      const token = /^Bearer (\S+)$/i.exec(authorization)?.[1];
      if (!token) return endResponse(unauthenticated('the authorization header must be "Bearer <token>"'));
      try {
        await verify(token);
      } catch (error) {
        log.warn({ reason: error instanceof TokenError ? error.message : 'invalid token' }, 'token refused');
        endResponse(unauthenticated('invalid or expired token'));
      }
    },
  };
}

/**
 * The same subgraphs behind Hive Gateway instead of our Apollo gateway: the caller's token forwarded and checked here,
 * each subgraph sent its own secret, the same request limits, and no merging of identical in-flight requests (each
 * request's reads are audited as its own).
 */
export function hiveGateway(options: HiveGatewayOptions) {
  return createGatewayRuntime({
    supergraph: options.supergraphSdl,
    transportEntries: {
      '*.http': { options: { deduplicateInflightRequests: false } },
      ...Object.fromEntries(Object.entries(options.subgraphs).map(([name, { url }]) => [name, { location: url }])),
    },
    propagateHeaders: {
      fromClientToSubgraphs: ({ request, subgraphName }) => ({
        authorization: request.headers.get('authorization') ?? undefined,
        [GATEWAY_SECRET_HEADER]: options.subgraphs[subgraphName]?.secret,
      }),
    },
    plugins: () => [checkToken(options.verify), ...(envelopArmor().plugins as GatewayPlugin[])],
    disableIntrospection: { disableIf: () => options.production },
    landingPage: false,
    graphiql: false,
    healthCheckEndpoint: '/health',
    readinessCheckEndpoint: '/ready',
    logging: 'warn',
  });
}

export async function startHiveGateway(options: HiveGatewayOptions, port = 0, host = '127.0.0.1') {
  const runtime = hiveGateway(options);
  const server: Server = createServer(runtime);
  const { url } = await listenOn(server, port, host);
  return {
    url,
    stop: async () => {
      await stopServer(server);
      await runtime.dispose();
    },
  };
}

/** `tsx hive-gateway.ts`: Hive Gateway in front of the subgraphs at SUBGRAPH_URL_<NAME>, as `gateway.ts` is Apollo's. */
async function runStandalone() {
  const { loadConfig, SUBGRAPH_NAMES, StartError } = await import('./config.js');
  const { createVerifier } = await import('./auth/tokens.js');
  const { stopOnSignals } = await import('./server/lifecycle.js');
  const config = loadConfig();
  const subgraphs = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => {
      const url = process.env[`SUBGRAPH_URL_${name.toUpperCase()}`];
      if (!url) throw new StartError(`SUBGRAPH_URL_${name.toUpperCase()} must be set`);
      return [name, { url, secret: config.subgraphSecrets[name] }];
    }),
  );
  const gateway = await startHiveGateway(
    {
      supergraphSdl: readFileSync(new URL('./schema/sdl/supergraph.graphql', import.meta.url), 'utf8'),
      subgraphs,
      verify: createVerifier(config.issuers, config.audience),
      production: config.production,
    },
    config.port,
    process.env.HOST ?? '127.0.0.1',
  );
  stopOnSignals(gateway.stop);
  console.log(`hive gateway at ${gateway.url}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runEntry(runStandalone);
