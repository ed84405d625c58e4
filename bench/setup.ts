import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { DEV_ISSUER } from '../auth/dev-key.js';
import { signToken } from '../auth/tokens.js';
import { type HubConfig, SUBGRAPH_NAMES } from '../config.js';
import { openDatabase } from '../db/client.js';
import { cryptoSuite } from '../domain/crypto.js';
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
