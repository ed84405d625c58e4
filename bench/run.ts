import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { DEV_ISSUER } from '../auth/dev-key.js';
import { signToken } from '../auth/tokens.js';
import { type HubConfig, SUBGRAPH_NAMES } from '../config.js';
import { openDatabase } from '../db/client.js';
import { leads } from '../db/schema.js';
import { Sealer } from '../db/seal.js';
import { citizenIdCheckChar } from '../domain/validate.js';
import { startHub } from '../hub.js';
import { seedHub } from '../resolvers/seed.js';

/**
 * `npm run bench`: loads BENCH_LEADS leads (default 50,000) into a fresh database (PGlite, or DATABASE_URL), starts
 * the hub in-process on loopback, and times typical calls through the gateway with real tokens. Bounded in count.
 */
const LEADS = Number(process.env.BENCH_LEADS ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);

const dir = mkdtempSync(join(tmpdir(), 'hub-bench-'));
const { privateKey, publicKey } = await jose.generateKeyPair('ES256', { extractable: true });
const jwksPath = join(dir, 'jwks.json');
writeFileSync(
  jwksPath,
  JSON.stringify({ keys: [{ ...(await jose.exportJWK(publicKey)), kid: 'bench', alg: 'ES256' }] }),
);
const config: HubConfig = {
  production: false,
  port: 0,
  dataDir: dir,
  databaseUrl: process.env.DATABASE_URL,
  audience: 'yibao-hub',
  issuers: [{ issuer: DEV_ISSUER, jwks: `file:${jwksPath}` }],
  dataKey: randomBytes(32),
  settings: { backdateDays: 7, sdcThreshold: 5, reportWorkday: 3 },
  maxFileBytes: 1024 * 1024,
  subgraphSecrets: Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, randomBytes(16).toString('hex')]),
  ) as HubConfig['subgraphSecrets'],
};
const database = await openDatabase({
  url: config.databaseUrl,
  dataDir: config.databaseUrl ? undefined : join(dir, 'pgdata'),
});
await database.migrate();
await seedHub(database.db);
const sealer = new Sealer(config.dataKey);

const counties = ['220102', '220104', '220202'];
const started = performance.now();
for (let i = 0; i < LEADS; i += 1000) {
  const rows = Array.from({ length: Math.min(1000, LEADS - i) }, (_, j) => {
    const n = i + j;
    const region = counties[n % counties.length];
    const id17 = `${region}1980${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
    const idNumber = id17 + citizenIdCheckChar(id17);
    return {
      agencyId: `mib-${region}`,
      source: 'BIG_DATA_SCREENING' as const,
      regionCode: region,
      subjectKind: 'PERSON' as const,
      subjectName: `参保人${n}`,
      subjectIdNumberSealed: sealer.seal(idNumber),
      subjectIdNumberHash: sealer.lookupHash(idNumber),
      behaviours: ['IND_IMPERSONATION' as const],
      suspectedAmount: `${(n % 100000) + 100}.50`,
      summary: `筛查疑点 ${n}`,
      receivedAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000),
      createdBy: `mib-${region}-officer-1`,
    };
  });
  await database.db.insert(leads).values(rows);
}
const loadSeconds = (performance.now() - started) / 1000;

const hub = await startHub(config, database.db, 'in-process');
const token = (id: string) =>
  signToken(privateKey, 'bench', { subject: id }, { issuer: DEV_ISSUER, audience: 'yibao-hub' });

async function time(
  name: string,
  person: string,
  query: string,
  variables: () => Record<string, unknown> = () => ({}),
) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await token(person)}` };
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    const response = await fetch(hub.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables: variables() }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(1);
  return { name, p50: at(0.5), p95: at(0.95), max: at(1) };
}

const [{ id: someLead }] = await database.db.select({ id: leads.id }).from(leads).limit(1);
const results = [
  await time(
    'county MIB: leads(first: 50)',
    'mib-220102-officer-1',
    '{ leads(first: 50) { items { id subject { name idNumber } suspectedAmount receivedAt } } }',
  ),
  await time(
    'province MIB: leads(first: 50), region-wide',
    'mib-220000-officer-1',
    '{ leads(first: 50) { items { id agency { name } subject { idNumber } } } }',
  ),
  await time(
    'owner: lead(id) with informant and agency',
    'mib-220102-officer-1',
    'query($id: ID!) { lead(id: $id) { id summary agency { name } informant { name } } }',
    () => ({ id: someLead }),
  ),
  await time(
    'police: me (token check and registry only)',
    'police-220102-officer',
    '{ me { personId agency { name } } }',
  ),
];
const memory = process.memoryUsage();
console.log(
  `\n${LEADS.toLocaleString()} leads loaded in ${loadSeconds.toFixed(1)} s (${database.kind}); ${ROUNDS} sequential calls per line, milliseconds:\n`,
);
console.table(results);
console.log(
  `memory: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB\n`,
);
await hub.stop();
await database.close();
