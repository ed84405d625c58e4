import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../auth/context.ts';

/**
 * The hub's public signing keys, for anyone who checks a signed report or exposure entry (`npm run verify`):
 * `GET /keys/signing.pem` is the key the hub signs with now, `/keys/<keyId>.pem` any key it has signed with (the
 * keyId is in each signature), `/keys/signing.json` all of them with their algorithms.
 */
export function keyRoutes(services: Pick<Services, 'signer'>) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const match = /^\/keys\/([\w-]+)\.(pem|json)$/.exec(url.pathname);
    if (!match) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return true;
    }
    const keys = services.signer.publicKeys();
    const [name, format] = [match[1], match[2]];
    const body =
      name === 'signing' && format === 'json'
        ? `${JSON.stringify({ current: keys[0].keyId, keys }, null, 2)}\n`
        : format === 'pem'
          ? (name === 'signing' ? keys[0] : keys.find((k) => k.keyId === name))?.pem
          : undefined;
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`no key ${name}.${format}: /keys/signing.json lists the hub's keys\n`);
      return true;
    }
    res.writeHead(200, {
      'content-type': format === 'json' ? 'application/json; charset=utf-8' : 'application/x-pem-file',
      'cache-control': 'public, max-age=300',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
