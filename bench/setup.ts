import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { DEV_ISSUER } from '../auth/dev-key.js';
import { signToken } from '../auth/tokens.js';
import { type HubConfig, SUBGRAPH_NAMES } from '../config.js';
import { type Db, openDatabase } from '../db/client.js';
import { leads } from '../db/schema.js';
import { cryptoSuite, type Sealer } from '../domain/crypto.js';
import { citizenIdCheckChar } from '../domain/validate.js';
import { seedHub } from '../resolvers/seed.js';

/**
 * What every benchmark starts from: a configuration with a key of its own for the development issuer, the database
 * (DATABASE_URL, or PGlite in a temporary directory) migrated and seeded with the demo province, and tokens for its
 * people.
 */
export async function benchSetup(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `hub-${name}-`));
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
    embeddedDatabase: false,
    audience: 'yibao-hub',
    issuers: [{ issuer: DEV_ISSUER, jwks: `file:${jwksPath}` }],
    dataKey: randomBytes(32),
    previousDataKeys: [],
    signingKey: randomBytes(32),
    previousSigningKeys: [],
    crypto: cryptoSuite().name,
    settings: { backdateDays: 7, sdcThreshold: 5, reportWorkday: 3 },
    maxFileBytes: 1024 * 1024,
    traces: 'none',
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
  const token = (personId: string) =>
    signToken(privateKey, 'bench', { subject: personId }, { issuer: DEV_ISSUER, audience: 'yibao-hub' });
  return { dir, config, database, token };
}

/** The counties the bench's leads fall in, in turn. */
export const BENCH_COUNTIES = ['220102', '220104', '220202'];

/** `count` screening leads of persons, a minute apart from 1 January 2026, over the three counties, 1,000 an insert. */
export async function loadLeads(db: Db, sealer: Sealer, count: number) {
  for (let i = 0; i < count; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - i) }, (_, j) => {
      const n = i + j;
      const region = BENCH_COUNTIES[n % BENCH_COUNTIES.length];
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
    await db.insert(leads).values(rows);
  }
}
