import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { RefusalLog } from '../auth/refusals.ts';
import { TokenError, type Verifier } from '../auth/tokens.ts';
import { runEntry } from '../config.ts';
import { envelopArmor } from '../server/armor.ts';
import { GATEWAY_SECRET_HEADER, listenOn, stopServer } from '../server/http.ts';
import { log } from '../server/log.ts';

export interface HiveGatewayOptions {
  supergraphSdl: string;
  /** Where each subgraph listens and the secret it demands. */
  subgraphs: Record<string, { url: string; secret: string }>;
  /** The issuers' signature check; the subgraphs then look the person up in the registry. */
  verify: Verifier;
  /** Where refused tokens are counted and audited (with a database); without one they are only logged. */
  refusals?: Pick<RefusalLog, 'refuse'>;
  production: boolean;
}

const unauthenticated = (message: string) =>
  new Response(JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] }), {
    status: 401,
    headers: { 'content-type': 'application/json' },
  });

/** A request with a token the issuers did not sign (or that expired) ends at the gateway with 401, audited. */
function checkToken(verify: Verifier, refusals?: Pick<RefusalLog, 'refuse'>): GatewayPlugin {
  return {
    async onRequest({ request, serverContext, url, endResponse }) {
      if (url.pathname !== '/graphql') return;
      const authorization = request.headers.get('authorization');
      if (!authorization) return;
      const refuse = async (reason: string, message: string, claims?: TokenError['claims']) => {
        const source = (serverContext as { req?: IncomingMessage }).req?.socket.remoteAddress ?? 'unknown';
        // The refusal log writes its own line with each entry; a flood is not a line per token.
        if (refusals) await refusals.refuse({ source, reason, claims });
        else log.warn({ source, reason }, 'token refused');
        endResponse(unauthenticated(message));
      };
      const token = /^Bearer (\S+)$/i.exec(authorization)?.[1];
      if (!token) return refuse('not a bearer token', 'the authorization header must be "Bearer <token>"');
      try {
        await verify(token);
      } catch (error) {
        const refused = error instanceof TokenError ? error : new TokenError('invalid token');
        await refuse(refused.message, 'invalid or expired token', refused.claims);
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
    plugins: () => [checkToken(options.verify, options.refusals), ...(envelopArmor().plugins as GatewayPlugin[])],
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

/** `npm run hive-gateway`: Hive Gateway in front of the subgraphs at SUBGRAPH_URL_<NAME>, as `npm run gateway` is Apollo's. */
async function runStandalone() {
  const { loadConfig, SUBGRAPH_NAMES, StartError } = await import('../config.ts');
  const { createVerifier } = await import('../auth/tokens.ts');
  const { stopOnSignals } = await import('../server/lifecycle.ts');
  const config = loadConfig();
  const subgraphs = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => {
      const url = process.env[`SUBGRAPH_URL_${name.toUpperCase()}`];
      if (!url) throw new StartError(`SUBGRAPH_URL_${name.toUpperCase()} must be set`);
      return [name, { url, secret: config.subgraphSecrets[name] }];
    }),
  );
  // With a database, the tokens it refuses are audited as the hub's own gateway audits them.
  const database = config.databaseUrl
    ? await (await import('../db/client.ts')).openDatabase({
        url: config.databaseUrl,
        onConnectionError: (err) => log.warn({ err }, 'database connection lost; the pool reconnects'),
      })
    : undefined;
  const services = database && (await import('../server/services.ts')).createServices(config, database.db);
  if (!database) log.warn('DATABASE_URL is not set: refused tokens are logged, not audited');
  const gateway = await startHiveGateway(
    {
      supergraphSdl: readFileSync(new URL('../schema/sdl/supergraph.graphql', import.meta.url), 'utf8'),
      subgraphs,
      verify: services?.verify ?? createVerifier(config.issuers, config.audience),
      refusals: services?.refusals,
      production: config.production,
    },
    config.port,
    process.env.HOST ?? '127.0.0.1',
  );
  stopOnSignals(async () => {
    await gateway.stop();
    await services?.refusals.stop();
    await database?.close();
  });
  console.log(`hive gateway at ${gateway.url}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runEntry(runStandalone);
