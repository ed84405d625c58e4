import { Agent, createServer, request } from 'node:http';

/**
 * The cost of one more hop and nothing else, for `npm run bench`: POST /<subgraph> is passed as it is to that subgraph
 * (SUBGRAPH_URL_<NAME>, with its SUBGRAPH_SECRET_<NAME>) over kept-alive sockets, and the answer streamed back. No
 * parsing, no planning, no token check: the floor any gateway is measured against.
 */
const agent = new Agent({ keepAlive: true, keepAliveMsecs: 1000, timeout: 4000 });
const targets = new Map(
  Object.entries(process.env)
    .filter(([name]) => name.startsWith('SUBGRAPH_URL_'))
    .map(([name, url]) => {
      const subgraph = name.slice('SUBGRAPH_URL_'.length);
      return [`/${subgraph.toLowerCase()}`, { url: new URL(url), secret: process.env[`SUBGRAPH_SECRET_${subgraph}`] }];
    }),
);

const server = createServer((req, res) => {
  const target = targets.get(req.url ?? '');
  if (!target) {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const out = request(
      target.url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          authorization: req.headers.authorization ?? '',
          'x-hub-gateway-secret': target.secret ?? '',
        },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, {
          'content-type': answer.headers['content-type'] ?? 'application/json',
        });
        answer.pipe(res);
      },
    );
    out.on('error', () => res.writeHead(502).end());
    out.end(body);
  });
});
server.keepAliveTimeout = 5000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`forwarder at http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
