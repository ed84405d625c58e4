import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskError, SubgraphUnavailable } from '../server/errors.ts';
import { type GatewayContext, HttpDataSource } from '../server/gateway.ts';
import { listenOn } from '../server/http.ts';

/** What the gateway makes of a subgraph's answer (HttpDataSource), against a subgraph that answers as told. */
describe('a call from the gateway to a subgraph', () => {
  let server: Server;
  let url = '';
  const seen: Record<string, string | string[] | undefined>[] = [];
  // While set, the subgraph drops every kept-alive socket as its next request arrives, as one that is closing them.
  let closingKeptAlive = false;
  const requestsOn = new WeakMap<object, number>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      const count = (requestsOn.get(req.socket) ?? 0) + 1;
      requestsOn.set(req.socket, count);
      if (closingKeptAlive && count > 1) return void req.socket.destroy();
      seen.push(req.headers);
      const [status, body] = (
        {
          '/ok': [200, '{"data":{"me":{"personId":"p"}}}'],
          '/bad-variable': [400, '{"errors":[{"message":"Variable \\"$id\\" got invalid value"}]}'],
          '/refused': [401, '{"errors":[{"message":"a token is needed"}]}'],
          '/forbidden': [403, '{"error":"forbidden"}'],
          '/broken': [500, 'internal error'],
          '/behind-a-proxy': [502, 'Bad Gateway'],
          '/starting': [503, 'Service Unavailable'],
        } as Record<string, [number, string]>
      )[req.url ?? ''];
      res.writeHead(status, { 'content-type': body.startsWith('{') ? 'application/json' : 'text/plain' });
      res.end(body);
    });
    url = (await listenOn(server, 0, '127.0.0.1')).url.replace(/\/graphql$/, '');
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const call = (path: string, base = url) =>
    new HttpDataSource('mib', `${base}${path}`, 'the-secret').process({
      request: { query: '{ me { personId } }', variables: { a: 1 } },
      context: { authorization: 'Bearer t', requestId: '2b7c5b36-0f57-4d35-9d0b-52c1b0b2a0f1' } as GatewayContext,
    } as never);

  it('sends the token, its own secret and the request id, and hands the answer on', async () => {
    expect(await call('/ok')).toEqual({ data: { me: { personId: 'p' } } });
    expect(seen.at(-1)).toMatchObject({
      authorization: 'Bearer t',
      'x-hub-gateway-secret': 'the-secret',
      'x-request-id': '2b7c5b36-0f57-4d35-9d0b-52c1b0b2a0f1',
      'content-type': 'application/json',
    });
  });

  it('tries a query once more on a socket of its own when the kept-alive ones are being closed', async () => {
    await Promise.all([call('/ok'), call('/ok'), call('/ok')]);
    closingKeptAlive = true;
    try {
      expect(await call('/ok')).toEqual({ data: { me: { personId: 'p' } } });
    } finally {
      closingKeptAlive = false;
    }
  });

  it('hands on the GraphQL errors of a 400 as they are', async () => {
    expect(await call('/bad-variable')).toEqual({ errors: [{ message: 'Variable "$id" got invalid value' }] });
  });

  it('turns any other failure into an error with its status, as Apollo’s RemoteGraphQLDataSource does', async () => {
    await expect(call('/refused')).rejects.toMatchObject({
      message: '401: Unauthorized',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    await expect(call('/forbidden')).rejects.toMatchObject({
      message: '403: Forbidden',
      extensions: { code: 'FORBIDDEN' },
    });
    await expect(call('/broken')).rejects.toMatchObject({
      message: '500: Internal Server Error',
      extensions: { response: { status: 500, body: 'internal error' } },
    });
  });

  it('says the subgraph is away, by its name, when it cannot be reached or its proxy says so', async () => {
    const closed = createServer();
    const { url: closedUrl } = await listenOn(closed, 0, '127.0.0.1');
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    for (const [path, base] of [
      ['/graphql', closedUrl.replace(/\/graphql$/, '')],
      ['/behind-a-proxy', url],
      ['/starting', url],
    ]) {
      const error = await call(path, base).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SubgraphUnavailable);
      expect(maskError({ message: 'x' }, error, 'r-1')).toEqual({
        message: "the hub's mib service is unavailable; try again shortly",
        extensions: { code: 'SERVICE_UNAVAILABLE', requestId: 'r-1' },
      });
    }
  });
});
