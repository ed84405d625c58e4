import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as jose from 'jose';
import { DEV_ISSUER } from '../auth/dev-key.js';
import { signToken } from '../auth/tokens.js';
import { type HubConfig, SUBGRAPH_NAMES } from '../config.js';
import { openDatabase } from '../db/client.js';
import { startHub } from '../hub.js';
import { seedHub } from '../resolvers/seed.js';

/**
 * `npm run bench:profile [-- 'query']`: where the gateway's time goes. A hub in the HTTP topology (the gateway and the
 * five subgraphs in this process, each behind its own port, as deployed), 10 keep-alive callers on a thread of their
 * own, and V8's CPU profiler on this process for 5 seconds. Writes the .cpuprofile (open it in Chrome DevTools or
 * speedscope for the flame graph) and prints the functions that take the most time themselves.
 */

const query = process.argv[2] ?? '{ me { personId position } }';
const dir = mkdtempSync(join(tmpdir(), 'hub-profile-'));
const { privateKey, publicKey } = await jose.generateKeyPair('ES256', { extractable: true });
const jwksPath = join(dir, 'jwks.json');
writeFileSync(jwksPath, JSON.stringify({ keys: [{ ...(await jose.exportJWK(publicKey)), kid: 'p', alg: 'ES256' }] }));
const config: HubConfig = {
  production: false,
  port: 0,
  dataDir: dir,
  databaseUrl: process.env.DATABASE_URL,
  embeddedDatabase: false,
  audience: 'yibao-hub',
  issuers: [{ issuer: DEV_ISSUER, jwks: `file:${jwksPath}` }],
  dataKey: randomBytes(32),
  settings: { backdateDays: 7, sdcThreshold: 5, reportWorkday: 3 },
  maxFileBytes: 1024 * 1024,
  traces: 'none',
  subgraphSecrets: Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, randomBytes(16).toString('hex')]),
  ) as HubConfig['subgraphSecrets'],
};
const database = await openDatabase({
  url: config.databaseUrl,
  dataDir: config.databaseUrl ? undefined : join(dir, 'db'),
});
await database.migrate();
await seedHub(database.db);
const hub = await startHub(config, database.db, 'http');
const token = await signToken(
  privateKey,
  'p',
  { subject: 'mib-220102-officer-1' },
  { issuer: DEV_ISSUER, audience: 'yibao-hub' },
);
const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };

const load = (seconds: number) =>
  new Promise<{ done: number; failure: string | null }>((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
      workerData: { url: hub.url, headers, query, callers: 10, seconds },
    });
    worker.once('message', (m) => {
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', reject);
  });

await load(2);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const { done, failure } = await load(5);
const { profile } = await session.post('Profiler.stop');
session.disconnect();
if (failure) throw new Error(failure);
const path = join(dir, 'gateway.cpuprofile');
writeFileSync(path, JSON.stringify(profile));

// Self time per function: each sample counts for the node it landed on.
const selfTime = new Map<string, number>();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
for (const id of profile.samples ?? []) {
  const frame = byId.get(id)!.callFrame;
  const where = frame.url
    ? `${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(?=[^/]+\/[^/]+$)/, '')}:${frame.lineNumber + 1}`
    : '';
  const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
  selfTime.set(key, (selfTime.get(key) ?? 0) + 1);
}
const total = profile.samples?.length ?? 1;
console.log(`${query}: ${(done / 5).toFixed(0)} requests/s through the gateway (HTTP topology, 10 callers)`);
console.log(`profile: ${path}`);
console.table(
  [...selfTime]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([frame, n]) => ({ 'self %': ((n / total) * 100).toFixed(1), frame })),
);
await hub.stop();
await database.close();
