import { GATEWAY_SECRET_HEADER } from '../server/http.ts';

/**
 * `node dist/scripts/ready.js`: a container's health check (docker-compose.yml). Asks the process beside it for
 * /ready on PORT, with its gateway secret when SUBGRAPH names a subgraph; exits 0 when it is ready, 1 when not.
 */
const subgraph = process.env.SUBGRAPH;
const secret = subgraph ? process.env[`SUBGRAPH_SECRET_${subgraph.toUpperCase()}`] : undefined;
try {
  const response = await fetch(`http://127.0.0.1:${process.env.PORT || 4000}/ready`, {
    headers: secret ? { [GATEWAY_SECRET_HEADER]: secret } : {},
    signal: AbortSignal.timeout(5_000),
  });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
