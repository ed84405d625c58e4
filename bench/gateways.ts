import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { SUBGRAPH_NAMES } from '../config.ts';
import type { Db } from '../db/client.ts';
import { leads } from '../db/schema.ts';
import { Sealer } from '../domain/crypto.ts';
import { startHub } from '../server/hub.ts';
import { benchSetup, loadLeads, loadMatters } from './setup.ts';

/**
 * Gateways side by side, as deployed: the five subgraphs over HTTP in this process, and in front of them, each in a
 * process of its own, our gateway (`scripts/gateway.ts`), Hive Gateway (`scripts/hive-gateway.ts`) and a bare forwarder
 * (`bench/forwarder.mjs`: one kept-alive hop to the owning subgraph, nothing else). For each query, requests a second
 * with 10 keep-alive callers, interleaved round by round: the subgraph called directly, ours, Hive, the forwarder.
 * Our gateway runs under V8's profiler (`--cpu-prof`); the functions that take the most of its serving time are printed
 * after the table, and the .cpuprofile is kept for a flame graph (Chrome DevTools, speedscope).
 * Needs PostgreSQL (DATABASE_URL): a gateway of its own process reads the registry as the subgraphs do.
 */

type Setup = Awaited<ReturnType<typeof benchSetup>>;

export interface GatewayQuery {
  name: string;
  /** The subgraph that owns the query's root field and answers all of it: called directly and through the forwarder. */
  subgraph: (typeof SUBGRAPH_NAMES)[number];
  query: string;
}

/**
 * The queries the gateways are compared on: the caller, a page of leads, a lead with its agency, a page of matters
 * with whom each is about.
 */
export const GATEWAY_QUERIES = (ownLead: string): GatewayQuery[] => [
  { name: 'me', subgraph: 'shared', query: '{ me { personId position } }' },
  { name: 'leads(first: 50)', subgraph: 'mib', query: '{ leads(first: 50) { items { id summary receivedAt } } }' },
  {
    name: 'lead(id) { agency }',
    subgraph: 'mib',
    query: `{ lead(id: "${ownLead}") { id summary agency { name } } }`,
  },
  {
    name: 'matters(first: 20) { subject }',
    subgraph: 'shared',
    query: '{ matters(first: 20) { items { id subject { name } } } }',
  },
];

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Starts `args` with node (the hub's Node.js) and waits for its "… at http://…" line. */
async function spawnServer(args: string[], env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk;
      const match = / at (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1].replace(/\/graphql$/, ''));
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`${args.join(' ')} did not start: ${output}`)), 60_000).unref();
  });
  child.stdout!.removeAllListeners('data');
  child.stdout!.resume();
  child.stderr!.resume();
  return { url, child };
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** Requests a second: `callers` autocannon connections on a thread of their own (bench/load-worker.mjs). */
export async function perSecond(
  url: string,
  headers: Record<string, string>,
  query: string,
  callers = 10,
  seconds = 2,
): Promise<number> {
  const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
    workerData: { url, headers, query, callers, seconds },
  });
  const { done, failure } = await new Promise<{ done: number; failure: string | null }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  if (failure) throw new Error(failure);
  return done / seconds;
}

/**
 * Self time per function in a .cpuprofile, as shares of the samples spent serving: idle time and the loading of
 * modules at start (node's module loaders) aside. The top `n`.
 */
export function topFrames(path: string, n = 5) {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as {
    nodes: {
      id: number;
      children?: number[];
      callFrame: { functionName: string; url: string; lineNumber: number };
    }[];
    samples: number[];
  };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const loading = (id: number | undefined): boolean => {
    for (; id !== undefined; id = parent.get(id))
      if (/node:internal\/modules\//.test(byId.get(id)!.callFrame.url)) return true;
    return false;
  };
  const self = new Map<string, number>();
  let serving = 0;
  for (const id of profile.samples) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)' || loading(id)) continue;
    serving++;
    const where = frame.url
      ? `${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(?=[^/]+\/[^/]+$)/, '')}:${frame.lineNumber + 1}`
      : '';
    const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([frame, samples]) => ({ 'self % serving': ((samples / serving) * 100).toFixed(1), frame }));
}

export async function compareGateways(
  { dir, config, token }: Setup,
  db: Db,
  queries: GatewayQuery[],
  { rounds = 2, seconds = 1 } = {},
) {
  const subgraphs = await startHub({ ...config, port: 0 }, db, 'http');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATA_DIR: dir,
    DATABASE_URL: config.databaseUrl,
    HUB_CRYPTO: config.crypto,
    HUB_ISSUERS: JSON.stringify(config.issuers),
    HUB_DATA_KEY: config.dataKey.toString('base64'),
    HUB_SIGNING_KEY: config.signingKey.toString('base64'),
    ...Object.fromEntries(
      SUBGRAPH_NAMES.flatMap((name) => [
        [`SUBGRAPH_URL_${name.toUpperCase()}`, subgraphs.subgraphUrls[name]],
        [`SUBGRAPH_SECRET_${name.toUpperCase()}`, config.subgraphSecrets[name]],
      ]),
    ),
  };
  const profiles = join(dir, 'gateway-profile');
  const ours = await spawnServer(['--cpu-prof', `--cpu-prof-dir=${profiles}`, 'scripts/gateway.ts'], env);
  const hive = await spawnServer(['scripts/hive-gateway.ts'], env);
  const forwarder = await spawnServer(['bench/forwarder.mjs'], env);
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${await token('mib-220102-officer-1')}`,
  };
  const rows = [];
  try {
    for (const { name, subgraph, query } of queries) {
      const secret = { ...headers, 'x-hub-gateway-secret': config.subgraphSecrets[subgraph] };
      const sum = { direct: 0, ours: 0, hive: 0, forwarder: 0 };
      for (let round = 0; round < rounds; round++) {
        sum.direct += await perSecond(subgraphs.subgraphUrls[subgraph], secret, query, 10, seconds);
        sum.ours += await perSecond(`${ours.url}/graphql`, headers, query, 10, seconds);
        sum.hive += await perSecond(`${hive.url}/graphql`, headers, query, 10, seconds);
        sum.forwarder += await perSecond(`${forwarder.url}/${subgraph}`, headers, query, 10, seconds);
      }
      rows.push({
        query: name,
        'direct req/s': (sum.direct / rounds).toFixed(0),
        'ours ÷ direct': (sum.ours / sum.direct).toFixed(2),
        'Hive ÷ direct': (sum.hive / sum.direct).toFixed(2),
        'forwarder ÷ direct': (sum.forwarder / sum.direct).toFixed(2),
        'ours ÷ Hive': (sum.ours / sum.hive).toFixed(2),
        'ours ÷ forwarder': (sum.ours / sum.forwarder).toFixed(2),
        goal: '≥ 0.5 and ≥ Hive',
        met: sum.ours / sum.forwarder >= 0.5 && sum.ours >= sum.hive ? 'yes' : 'NO',
      });
    }
  } finally {
    await Promise.all([stopChild(ours.child), stopChild(hive.child), stopChild(forwarder.child)]);
    await subgraphs.stop();
  }
  const [profile] = readdirSync(profiles).filter((f) => f.endsWith('.cpuprofile'));
  return { rows, profile: join(profiles, profile), top: topFrames(join(profiles, profile)) };
}

export function printGateways({ rows, profile, top }: Awaited<ReturnType<typeof compareGateways>>) {
  console.log(
    '\ngateways side by side over HTTP, each in its own process, 10 callers (requests a second ÷ the subgraph):',
  );
  console.table(rows);
  console.log(`our gateway's top frames by self time (${profile}):`);
  console.table(top);
}

/**
 * `npm run bench:gateways [-- NAME…]`: the comparison alone (or of the queries named), on 1,000 leads and 100
 * matters; DATABASE_URL must name PostgreSQL.
 */
async function runAlone() {
  const setup = await benchSetup('gateways');
  if (setup.database.kind !== 'postgres') throw new Error('set DATABASE_URL: the gateways need PostgreSQL');
  await loadLeads(setup.database.db, new Sealer(setup.config.dataKey), 1000);
  await loadMatters(setup.database.db, 100);
  await setup.database.db.execute(sql`analyze`);
  const [{ id }] = await setup.database.db
    .select({ id: leads.id })
    .from(leads)
    .where(sql`agency_id = 'mib-220102'`)
    .limit(1);
  const named = process.argv.slice(2);
  const queries = GATEWAY_QUERIES(id).filter((q) => named.length === 0 || named.includes(q.name));
  printGateways(await compareGateways(setup, setup.database.db, queries, { rounds: 3, seconds: 2 }));
  await setup.database.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAlone();
