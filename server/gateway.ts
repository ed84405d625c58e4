import {
  createServer,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  STATUS_CODES,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { SpanKind } from '@opentelemetry/api';
import {
  BREAK,
  type DocumentNode,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLFormattedError,
  parse,
  validate,
  visit,
} from 'graphql';
import { contextFor, type Services, type Viewer, viewerOf } from '../auth/context.ts';
import { STATEMENT_HEADER, stateViewer } from '../auth/statement.ts';
import type { HubConfig } from '../config.ts';
import type { Position } from '../domain/codes.ts';
import type { Signer } from '../domain/crypto.ts';
import { forbidden } from '../domain/errors.ts';
import { flushRequestAudit } from '../resolvers/audit.ts';
import type { Subgraph } from '../schema/index.ts';
import { armor } from './armor.ts';
import { coercedField, errorSeen, maskError, SubgraphUnavailable, toGraphQLError, unavailableAs503 } from './errors.ts';
import { exposureRoutes } from './exposure.ts';
import { apolloHandler, firstOf, GATEWAY_SECRET_HEADER, listenOn, type Route, stopServer } from './http.ts';
import { log } from './log.ts';
import type { Metrics } from './metrics.ts';
import { anonymousRateLimit, clientAddress, trustedProxies } from './rate-limit.ts';
import { type Check, readiness } from './readiness.ts';
import { currentRequestId, requestScope } from './scope.ts';
import { noReporting, silenceApollo } from './silent.ts';
import { inSpan, propagateTrace } from './tracing.ts';

export interface GatewayContext {
  authorization?: string;
  /** The caller as the registry knows them; null for the public. */
  viewer: Viewer | null;
  requestId: string;
}

const composed = new WeakMap<readonly Pick<Subgraph, 'name' | 'sdl'>[], string>();

/** The supergraph of these subgraphs, composed once for the process's one list of them (buildSubgraphs). */
export function composeSupergraph(subgraphs: readonly Pick<Subgraph, 'name' | 'sdl'>[]) {
  let supergraph = composed.get(subgraphs);
  if (supergraph === undefined) {
    supergraph = compose(subgraphs);
    composed.set(subgraphs, supergraph);
  }
  return supergraph;
}

function compose(subgraphs: readonly Pick<Subgraph, 'name' | 'sdl'>[]) {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, typeDefs: parse(s.sdl), url: `http://${s.name}.subgraph/graphql` })),
  );
  if (result.errors) throw new Error(`composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}

/** Runs a subgraph in this process, through the same context building and masking as over HTTP. */
export class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  /** The gateway sends each subgraph the same few operations: parsed and validated once, not on every call. */
  private readonly documents = new Map<string, DocumentNode | readonly GraphQLError[]>();

  private readonly subgraph: Subgraph;
  private readonly services: Services;

  constructor(subgraph: Subgraph, services: Services) {
    this.subgraph = subgraph;
    this.services = services;
  }

  private document(source: string) {
    let document = this.documents.get(source);
    if (!document) {
      try {
        const parsed = parse(source);
        const errors = validate(this.subgraph.guarded, parsed);
        document = errors.length ? errors : parsed;
      } catch (error) {
        document = [error as GraphQLError];
      }
      if (this.documents.size >= 1000) this.documents.delete(this.documents.keys().next().value!);
      this.documents.set(source, document);
    }
    return document;
  }

  async process({ request, context }: Parameters<GraphQLDataSource<GatewayContext>['process']>[0]) {
    const requestId = context.requestId ?? currentRequestId();
    const span = { kind: SpanKind.INTERNAL, attributes: { 'hub.server': this.subgraph.name } };
    return inSpan(`graphql ${this.subgraph.name}`, span, () => this.run(request, context as GatewayContext, requestId));
  }

  private run(
    request: Parameters<GraphQLDataSource<GatewayContext>['process']>[0]['request'],
    context: GatewayContext,
    requestId: string,
  ) {
    return requestScope.run({ requestId }, async () => {
      let contextValue: Awaited<ReturnType<typeof contextFor>>;
      try {
        // The gateway in this process identified the caller from the registry a moment ago: no second look-up.
        contextValue = await contextFor(this.services, context.authorization, requestId, 'gateway', context.viewer);
      } catch (error) {
        throw toGraphQLError(error, true);
      }
      const document = this.document(request.query!);
      const result: ExecutionResult =
        'kind' in document
          ? await execute({
              schema: this.subgraph.guarded,
              document,
              variableValues: request.variables,
              operationName: request.operationName,
              contextValue,
            })
          : { errors: document };
      try {
        await flushRequestAudit(contextValue, result.errors?.map(errorSeen));
      } catch (error) {
        return { data: null, errors: [maskError({ message: 'audit write failed' }, error, requestId)] };
      }
      // Without `data`, execution never started: the variables did not fit the schema, which is the caller's doing.
      const requestError = !('data' in result);
      return {
        data: result.data as Record<string, unknown> | null | undefined,
        errors: result.errors?.map((error) =>
          maskError(requestError ? asBadInput(error) : error.toJSON(), error, requestId),
        ),
      };
    });
  }
}

const isUnauthenticated = (error: unknown) => (error as { code?: unknown })?.code === 'UNAUTHENTICATED';

/** A request error as the client's bad input, naming the field (or the variable, when the variable is the field). */
function asBadInput(error: GraphQLError): GraphQLFormattedError {
  const field = coercedField(error.message);
  return { message: error.message, extensions: { code: 'BAD_USER_INPUT', ...(field && { field }) } };
}

/**
 * Keep-alive connections to the subgraphs (node:http: fetch's streams cost more than the call itself). An idle one is
 * closed after 4 s, before a subgraph closes it at 5 s (Node's keepAliveTimeout), so a request is not written to a
 * socket the other end is closing.
 */
const SUBGRAPH_IDLE_MS = 4_000;
const subgraphAgents = {
  http: new HttpAgent({ keepAlive: true, timeout: SUBGRAPH_IDLE_MS }),
  https: new HttpsAgent({ keepAlive: true, timeout: SUBGRAPH_IDLE_MS }),
};

type SubgraphReply = { status: number; contentType: string; text: string };

/**
 * POSTs to a subgraph. A kept-alive socket that the subgraph reset before answering is tried once more on a new
 * one, for a query, or for a mutation whose request had not been sent yet: neither can have taken effect twice.
 * The new socket is one of its own, not the next kept-alive one: a subgraph that closes its idle sockets (at its
 * keep-alive timeout, or as it stops) closes them all at once.
 */
async function post(url: string, headers: Record<string, string>, body: string, idempotent: boolean) {
  try {
    return await postOnce(url, headers, body, true);
  } catch (error) {
    const { code, reusedSocket, sent } = error as NodeJS.ErrnoException & { reusedSocket?: boolean; sent?: boolean };
    if (code !== 'ECONNRESET' || !reusedSocket || (!idempotent && sent)) throw error;
    return postOnce(url, headers, body, false);
  }
}

function postOnce(url: string, headers: Record<string, string>, body: string, keptAlive: boolean) {
  const secure = url.startsWith('https:');
  const send = secure ? httpsRequest : httpRequest;
  return new Promise<SubgraphReply>((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: keptAlive ? (secure ? subgraphAgents.https : subgraphAgents.http) : false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers['content-type'] ?? '',
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', (error) =>
      reject(Object.assign(error, { reusedSocket: request.reusedSocket, sent: request.writableFinished })),
    );
    request.end(body);
  });
}

/** What node:http says when a subgraph cannot be reached (after the one retry on a reset). */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** A proxy or load balancer in front of a subgraph saying it is away. */
const AWAY_STATUSES = new Set([502, 503, 504]);

type SubgraphResponse = Awaited<ReturnType<GraphQLDataSource<GatewayContext>['process']>>;

/**
 * Calls a subgraph over HTTP with the caller's token and the subgraph's own secret; client headers go nowhere else.
 * It does what Apollo's RemoteGraphQLDataSource does for a plain POST without its fetch Request and Headers objects,
 * which cost more than the call. A subgraph answers a request error (say, a variable that fails its scalar) with
 * status 400 and GraphQL errors, and a database outage with 503 and SERVICE_UNAVAILABLE: those errors are handed on
 * as they are, not as "400: Bad Request" or an internal error.
 */
export class HttpDataSource implements GraphQLDataSource<GatewayContext> {
  /** The subgraph's name, for the refusal a caller gets while it cannot be reached. */
  private readonly name: string;
  private readonly url: string;
  private readonly secret: string;
  /** Signs the registry's answer for the subgraph (auth/statement.ts); without it, the subgraph asks the registry. */
  private readonly signer?: Signer;

  constructor(name: string, url: string, secret: string, signer?: Signer) {
    this.name = name;
    this.url = url;
    this.secret = secret;
    this.signer = signer;
  }

  async process({ request, context }: Parameters<GraphQLDataSource<GatewayContext>['process']>[0]) {
    const requestId = context.requestId ?? currentRequestId();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [GATEWAY_SECRET_HEADER]: this.secret,
      'x-request-id': requestId,
    };
    if (context.authorization) headers.authorization = context.authorization;
    if (this.signer && context.viewer && context.authorization)
      headers[STATEMENT_HEADER] = stateViewer(this.signer, context.viewer, context.authorization, requestId);
    propagateTrace({ set: (name, value) => (headers[name] = value) });
    const { http: _http, ...body } = request;
    const response = await post(
      this.url,
      headers,
      JSON.stringify(body),
      !/^\s*mutation\b/.test(request.query ?? ''),
    ).catch((error: NodeJS.ErrnoException) => {
      throw UNREACHABLE.has(error.code ?? '') ? new SubgraphUnavailable(this.name, error) : error;
    });
    const json = response.contentType.includes('json') ? parseJson(response.text) : undefined;
    const passed = (response.status === 400 || response.status === 503) && Array.isArray(json?.errors);
    if (!passed && AWAY_STATUSES.has(response.status))
      throw new SubgraphUnavailable(this.name, new Error(`${response.status} from ${this.url}`));
    if ((response.status < 200 || response.status >= 300) && !passed) {
      const statusText = STATUS_CODES[response.status] ?? '';
      throw new GraphQLError(`${response.status}: ${statusText}`, {
        extensions: {
          ...(response.status === 401 && { code: 'UNAUTHENTICATED' }),
          ...(response.status === 403 && { code: 'FORBIDDEN' }),
          response: { url: this.url, status: response.status, statusText, body: json ?? response.text },
        },
      });
    }
    if (!json || typeof json !== 'object')
      throw new Error(`Expected JSON response body, but received: ${response.text}`);
    return json as SubgraphResponse;
  }
}

function parseJson(text: string): { errors?: unknown } | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A standalone gateway hands /documents/ (documents' files) and /reports/ to the shared subgraph, with its secret. */
export function forwardDocuments(sharedUrl: string, secret: string): Route {
  return async (req, res, url) => {
    if (!url.pathname.startsWith('/documents/') && !url.pathname.startsWith('/reports/')) return false;
    const headers: Record<string, string> = { [GATEWAY_SECRET_HEADER]: secret };
    for (const name of ['authorization', 'content-type', 'content-length']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const target = new URL(`${url.pathname}${url.search}`, sharedUrl);
    const upstream = await fetch(target, {
      method: req.method,
      headers,
      body: req.method === 'PUT' ? Readable.toWeb(req) : undefined,
      duplex: 'half',
    } as RequestInit);
    res.writeHead(
      upstream.status,
      Object.fromEntries([...upstream.headers].filter(([k]) => k !== 'transfer-encoding')),
    );
    res.end(Buffer.from(await upstream.arrayBuffer()));
    return true;
  };
}

/** Apollo keeps each parsed document and hands the same one back for the same text: its answer is kept beside it. */
const introspecting = new WeakMap<DocumentNode, boolean>();

/**
 * Whether the document Apollo will execute asks for the schema (`__schema` or `__type`, in a fragment too), however
 * it came: as text, over GET, or as a persisted-query hash whose text the request does not carry.
 */
function asksForIntrospection(document: DocumentNode | undefined) {
  if (!document) return false;
  let asks = introspecting.get(document);
  if (asks === undefined) {
    asks = false;
    visit(document, {
      Field(node) {
        if (node.name.value !== '__schema' && node.name.value !== '__type') return undefined;
        asks = true;
        return BREAK;
      },
    });
    introspecting.set(document, asks);
  }
  return asks;
}

export interface GatewayOptions {
  supergraphSdl: string;
  dataSources: Record<string, GraphQLDataSource<GatewayContext>>;
  /** Who the caller is: their token verified and matched in the registry; a HubError (401) otherwise. */
  identify: (authorization: string | undefined, source: string) => Promise<Viewer | null>;
  production: boolean;
  /** Positions allowed to introspect in production; everyone authenticated may in development. */
  introspectionPositions?: Position[];
  /** Where the gateway's refusals of introspection are recorded; a standalone gateway logs them. */
  recordDenial?: (denial: GatewayDenial) => Promise<void>;
  /** Requests per minute and address for callers without a token that verifies (the public feed); 120 unless set. */
  publicRateLimit?: number;
  /** The reverse proxies whose X-Forwarded-For names the caller (HUB_TRUSTED_PROXIES); none unless set. */
  trustedProxies?: string[];
  /** Where the public reaches the hub, for the links in the feeds; the gateway's own address unless set. */
  publicUrl?: string;
  /** Counts requests for /metrics, which answers the holder of `metricsToken`. */
  metrics?: Metrics;
  metricsToken?: string;
  /** What GET /ready checks: the subgraphs over HTTP, the database when the gateway has one. */
  readinessChecks?: Record<string, Check>;
  /** Other HTTP paths the gateway answers (documents' files); each returns false for a path it does not know. */
  routes?: Route[];
}

/**
 * What every gateway of the hub takes from its configuration and services: who the caller is (the registry's answer
 * for the token), production mode, and the public door's settings.
 */
export const configuredGateway = (config: HubConfig, services: Services) =>
  ({
    identify: (authorization, source) => viewerOf(services, authorization, source),
    production: config.production,
    publicRateLimit: config.publicRateLimit,
    trustedProxies: config.trustedProxies,
    publicUrl: config.publicUrl,
    metricsToken: config.metricsToken,
  }) satisfies Partial<GatewayOptions>;

export interface GatewayDenial {
  code: 'FORBIDDEN';
  reason: string;
  personId?: string;
  requestId: string;
}

const logDenial = async (denial: GatewayDenial) => {
  log.warn(denial, 'denied at the gateway');
};

export async function startGateway(options: GatewayOptions, port = 0, host = '127.0.0.1') {
  silenceApollo();
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name }) => options.dataSources[name],
    // The supergraph is composition's output, validated as it was composed (composeSupergraph; the committed file is
    // held equal to it by test/schema.test.ts). Apollo would validate it again outside production; not here, in any.
    validateSupergraph: false,
  });
  const introspectionAllowed = (viewer: Viewer | null) =>
    !!viewer &&
    (!options.production || (options.introspectionPositions ?? ['ANALYST', 'MIB_ANALYST']).includes(viewer.position));
  const recordDenial = options.recordDenial ?? logDenial;
  const limits = armor();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    introspection: true,
    csrfPrevention: true,
    // The process's own handler (server/lifecycle.ts) stops everything in order; Apollo's would race it.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted: GraphQLFormattedError, error) => maskError(formatted, error, currentRequestId()),
    plugins: [
      ...noReporting<GatewayContext>(),
      ...(limits.plugins as ApolloServerPlugin<GatewayContext>[]),
      unavailableAs503<GatewayContext>(),
      // The explorer is the gateway's own /explorer, served from installed packages, not a landing page from a CDN.
      ApolloServerPluginLandingPageDisabled(),
      {
        // One access-log line per request: who (agency kind and position, never the token), what, how long, how it ended.
        async requestDidStart({ contextValue }) {
          const started = performance.now();
          return {
            async willSendResponse({ request, response, errors, operationName }) {
              const viewer = contextValue.viewer;
              const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
              const codes = [
                ...new Set(
                  [...(errors ?? []), ...(body?.errors ?? [])].map((e) => String(e.extensions?.code ?? 'ERROR')),
                ),
              ];
              const outcome = codes.length ? codes.join(',') : 'OK';
              const operation = operationName ?? request.operationName ?? null;
              options.metrics?.request(operation, outcome, (performance.now() - started) / 1000);
              log.info(
                {
                  requestId: contextValue.requestId,
                  operation,
                  agencyKind: viewer?.agency.kind ?? 'PUBLIC',
                  position: viewer?.position ?? null,
                  ms: Math.round(performance.now() - started),
                  outcome,
                },
                'request',
              );
            },
            async didResolveOperation({
              document,
              operation,
              request,
              contextValue,
            }: GraphQLRequestContext<GatewayContext>) {
              // Apollo Gateway throws where graphql-js would answer, which Apollo Server reports as a 500: the
              // request names no operation the document has, so it is the client's to fix (GraphQL over HTTP: 400).
              if (!operation)
                throw new GraphQLError(
                  request.operationName
                    ? `Unknown operation named "${request.operationName}".`
                    : 'Must provide operation name if query contains multiple operations.',
                  { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
                );
              if (asksForIntrospection(document) && !introspectionAllowed(contextValue.viewer)) {
                await recordDenial({
                  code: 'FORBIDDEN',
                  reason: 'introspection',
                  personId: contextValue.viewer?.personId,
                  requestId: contextValue.requestId,
                });
                throw toGraphQLError(forbidden('introspection is not allowed for this caller'), true);
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  let ready = false;
  const trusted = trustedProxies(options.trustedProxies ?? []);
  const limit = anonymousRateLimit(options.publicRateLimit ?? 120);
  // One verification per request: the rate limit asks first, the GraphQL context reuses the answer.
  const identities = new WeakMap<IncomingMessage, Promise<Viewer | null>>();
  const identify = (req: IncomingMessage) => {
    let identity = identities.get(req);
    if (!identity) {
      identity = options.identify(req.headers.authorization, clientAddress(req, trusted));
      identities.set(req, identity);
    }
    return identity;
  };
  const handler = apolloHandler(
    apollo,
    async (req, requestId) => {
      const authorization = req.headers.authorization;
      try {
        const viewer = await identify(req);
        return { authorization, viewer, requestId };
      } catch (error) {
        throw toGraphQLError(error, true);
      }
    },
    {
      name: 'gateway',
      ready: () => ready,
      readiness: readiness(options.readinessChecks ?? {}),
      // Only a token that verifies lifts the limit; the explorer's own files never count against it.
      throttle: async (req, url) => {
        if (url.pathname.startsWith('/explorer/assets/') || url.pathname.startsWith('/analytics/assets/')) return null;
        // A token refused (401) counts like none; one that cannot be checked now (the registry's database is away)
        // goes on to its 503 rather than to the public's limit.
        if (req.headers.authorization && (await identify(req).catch((error) => !isUnauthenticated(error)))) return null;
        return limit(clientAddress(req, trusted));
      },
      routes: firstOf([
        ...(options.routes ?? []),
        ...(options.metrics ? [options.metrics.route(options.metricsToken)] : []),
        exposureRoutes(
          async (query, variables) => {
            const response = await apollo.executeOperation(
              { query, variables },
              { contextValue: { viewer: null, requestId: currentRequestId() } },
            );
            return response.body.kind === 'single'
              ? response.body.singleResult
              : { errors: [{ message: 'unexpected response' }] };
          },
          () => options.publicUrl ?? publicBase,
        ),
      ]),
    },
  );
  let publicBase = '';
  const server: Server = createServer(handler);
  const where = await listenOn(server, port, host);
  ready = true;
  publicBase = where.base;
  return {
    url: where.url,
    port: where.port,
    stop: async () => {
      await stopServer(server);
      await apollo.stop();
    },
  };
}
