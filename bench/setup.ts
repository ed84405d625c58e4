import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { DEV_ISSUER } from '../auth/dev-key.ts';
import { signToken } from '../auth/tokens.ts';
import { type HubConfig, SUBGRAPH_NAMES } from '../config.ts';
import { type Db, openDatabase } from '../db/client.ts';
import { clocks, leads, matters, outcomeNotifications, steps } from '../db/schema.ts';
import { cryptoSuite, type Sealer } from '../domain/crypto.ts';
import { citizenIdCheckChar } from '../domain/validate.ts';
import { seedHub } from '../resolvers/seed.ts';

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

const STAGES_USED = ['CASE_OPEN', 'TRANSFERRED', 'ACCEPTED', 'FILED'] as const;

/**
 * `count` matters for the oldest leads, at four stages, with a transfer step for half of them, the police's receipt
 * clock after each transfer (met, missed or open) and an outcome told for a third: what statistics group and count.
 */
export async function loadMatters(db: Db, count: number) {
  for (let offset = 0; offset < count; offset += 1000) {
    const batch = await db
      .select({ id: leads.id, regionCode: leads.regionCode, agencyId: leads.agencyId, receivedAt: leads.receivedAt })
      .from(leads)
      .orderBy(leads.receivedAt)
      .limit(Math.min(1000, count - offset))
      .offset(offset);
    const rows = batch.map((lead, i) => ({
      controlNumber: `YB${lead.regionCode}-BENCH-${offset + i}`,
      leadId: lead.id,
      title: `基准案件 ${offset + i}`,
      regionCode: lead.regionCode,
      stage: STAGES_USED[(offset + i) % STAGES_USED.length],
      mibAgencyId: lead.agencyId,
      createdAt: new Date(lead.receivedAt.getTime() + 86_400_000),
      updatedAt: new Date(lead.receivedAt.getTime() + 86_400_000),
    }));
    const made = await db.insert(matters).values(rows).returning({ id: matters.id, createdAt: matters.createdAt });
    const transfers = await db
      .insert(steps)
      .values(
        made
          .filter((_, i) => i % 2 === 1)
          .map((m) => ({
            matterId: m.id,
            code: 'T3',
            action: 'transferToPolice',
            agencyId: 'mib-220102',
            personId: 'mib-220102-officer-1',
            takenAt: new Date(m.createdAt.getTime() + 5 * 86_400_000),
            stageAfter: 'TRANSFERRED' as const,
          })),
      )
      .returning({ id: steps.id, matterId: steps.matterId, takenAt: steps.takenAt });
    // The police's receipt clock after each transfer (met, missed or open), and an outcome told for a third of them.
    const DAY = 86_400_000;
    await db.insert(clocks).values(
      transfers.map((t, i) => ({
        matterId: t.matterId,
        code: 'T4',
        agencyId: `police-${BENCH_COUNTIES[i % BENCH_COUNTIES.length]}`,
        startedAt: t.takenAt,
        dueAt: new Date(t.takenAt.getTime() + 3 * DAY),
        closedAt: i % 3 === 2 ? null : new Date(t.takenAt.getTime() + (i % 3) * 3 * DAY - DAY),
        citation: 'bench',
      })),
    );
    const told = transfers.filter((_, i) => i % 3 === 0);
    if (told.length)
      await db.insert(outcomeNotifications).values(
        told.map((t, i) => ({
          matterId: t.matterId,
          stepId: t.id,
          fromAgencyId: `police-${BENCH_COUNTIES[i % BENCH_COUNTIES.length]}`,
          toAgencyId: 'mib-220102',
          createdAt: new Date(t.takenAt.getTime() + DAY),
          acknowledgedAt: i % 2 ? new Date(t.takenAt.getTime() + 2 * DAY) : null,
        })),
      );
  }
}
