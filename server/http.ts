import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import { SpanKind } from '@opentelemetry/api';
import { z } from 'zod';
import { StartError } from '../config.ts';
import { cryptoSuite } from '../domain/crypto.ts';
import { toGraphQLError } from './errors.ts';
import type { Readiness } from './readiness.ts';
import { requestScope } from './scope.ts';
import { incomingTrace, inSpan } from './tracing.ts';

/** The header in which the gateway shows a subgraph its secret. */
export const GATEWAY_SECRET_HEADER = 'x-hub-gateway-secret';

const MAX_BODY = 1 << 20;

/** The body as text, read with the stream's events (an async iterator over the request costs more than the read). */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
      else reject(Object.assign(new Error('request body too large'), { status: 413 }));
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

const uuid = z.uuid();

/** The gateway's request id, which a subgraph (behind its secret) keeps, so one id follows a request through both. */
const givenRequestId = (req: IncomingMessage) => {
  const id = req.headers['x-request-id'];
  return uuid.safeParse(id).success ? (id as string) : undefined;
};

export const sameSecret = (given: string | string[] | undefined, expected: string) => {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Another path a server answers (documents' files, feeds, metrics); false for a path it does not know. */
export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/** The first route that answers a path. */
export const firstOf =
  (routes: Route[]): Route =>
  async (req, res, url) => {
    for (const route of routes) if (await route(req, res, url)) return true;
    return false;
  };

/** Hands a Node request to Apollo Server: GraphQL on /graphql (and the explorer on GET), health on /health. */
export function apolloHandler<C extends BaseContext>(
  server: ApolloServer<C>,
  context: (req: IncomingMessage, requestId: string) => Promise<C>,
  options: {
    /** What this server is in a trace: `gateway` or the subgraph's name. */
    name: string;
    ready: () => boolean;
    /** GET /ready: whether the process can serve (its database, its subgraphs); /health only says it is alive. */
    readiness?: () => Promise<Readiness>;
    guard?: (req: IncomingMessage) => boolean;
    /** Other paths this server answers (the public feeds). */
    routes?: Route;
    /** Refuses a request before any work (a rate limit): the seconds after which to try again. */
    throttle?: (req: IncomingMessage, url: URL) => Promise<{ retryAfterSeconds: number } | null>;
  },
) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health')
      return sendJson(res, options.ready() ? 200 : 503, { status: options.ready() ? 'ok' : 'starting' });
    if (options.guard && !options.guard(req)) return sendJson(res, 403, { error: 'forbidden' });
    if (url.pathname === '/ready') {
      const state =
        options.ready() && options.readiness ? await options.readiness() : { ready: options.ready(), checks: {} };
      return sendJson(res, state.ready ? 200 : 503, {
        status: state.ready ? 'ready' : 'not ready',
        checks: state.checks,
        node: process.version,
        crypto: cryptoSuite().name,
      });
    }
    const throttled = await options.throttle?.(req, url);
    if (throttled) {
      res.setHeader('retry-after', String(throttled.retryAfterSeconds));
      return sendJson(res, 429, {
        errors: [{ message: 'too many requests; try again later', extensions: { code: 'RATE_LIMITED' } }],
      });
    }
    if (options.routes && url.pathname !== '/graphql') {
      try {
        if (await options.routes(req, res, url)) return;
      } catch {
        if (!res.headersSent) return sendJson(res, 500, { errors: [{ message: 'internal error' }] });
        return res.end();
      }
    }
    if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'not found' });
    const requestId = (options.guard && givenRequestId(req)) || randomUUID();
    try {
      const text = req.method === 'POST' ? await readBody(req) : '';
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      let body: unknown = text;
      if (text && headers.get('content-type')?.startsWith('application/json')) {
        try {
          body = JSON.parse(text);
        } catch {
          return sendJson(res, 400, {
            errors: [{ message: 'body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
          });
        }
      }
      const response = await inSpan(
        `graphql ${options.name}`,
        {
          kind: SpanKind.SERVER,
          attributes: { 'hub.server': options.name, 'hub.request_id': requestId },
          parent: incomingTrace(req.headers),
        },
        () =>
          requestScope.run({ requestId }, () =>
            server.executeHTTPGraphQLRequest({
              httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
              context: () =>
                context(req, requestId).catch((error) => {
                  throw toGraphQLError(error, true);
                }),
            }),
          ),
      );
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.setHeader('x-request-id', requestId);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') return res.end(response.body.string);
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      sendJson(res, status, {
        errors: [{ message: status === 413 ? 'request body too large' : 'internal error', extensions: { requestId } }],
      });
    }
  };
}

/** Stops listening, lets requests in flight finish, and cuts what is still open after `graceMs`. */
export function stopServer(server: Server, graceMs = 5_000) {
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    cut.unref();
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Listens on `port` (0: any free one) and `host`; where the server is, as callers reach it. */
export async function listenOn(server: Server, port: number, host: string) {
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL'
          ? new StartError(
              `PORT ${port} ${error.code === 'EADDRINUSE' ? 'is in use' : 'cannot be used'} on ${host}: stop what listens there, or set PORT`,
            )
          : error,
      );
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const base = `http://${host === '0.0.0.0' ? 'localhost' : host}:${bound}`;
  return { port: bound, base, url: `${base}/graphql` };
}
