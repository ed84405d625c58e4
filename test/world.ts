import { randomBytes } from 'node:crypto';
import { mkdtempSync, openAsBlob, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type DocumentNode, print } from 'graphql';
import * as jose from 'jose';
import { inject } from 'vitest';
import { DEV_ISSUER } from '../auth/dev-key.ts';
import { signToken, type TokenClaims } from '../auth/tokens.ts';
import { type HubConfig, SUBGRAPH_NAMES } from '../config.ts';
import { type DatabaseOptions, openDatabase } from '../db/client.ts';
import { cryptoSuite } from '../domain/crypto.ts';
import { citizenIdCheckChar, creditCodeCheckChar } from '../domain/validate.ts';
import { demoPeople, demoUsers } from '../resolvers/registry/demo.ts';
import { startHub, type Topology } from '../server/hub.ts';
import { prepare } from './global-setup.ts';
import type { ResultOf, TadaDocumentNode, VariablesOf } from './graphql.ts';
import { publicLeaks } from './public-scan.ts';
import { recordStatements, workerDatabase } from './worker-database.ts';

export const TOPOLOGIES: Topology[] = ['in-process', 'http'];
/** The demo registry's people are subjects of the development issuer; the test world signs as it with a key of its own. */
export const TEST_ISSUER = DEV_ISSUER;
export const AUDIENCE = 'yibao-hub';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: { code?: string; field?: string; requestId?: string };
  }[];
}

/**
 * A GraphQL call as a person: a string answers untyped, a document made with `graphql()` (test/graphql.ts) typed.
 * `Options` are what a tier takes besides (the fast tier: the subgraph to ask).
 */
export interface Calls<Options extends object = never> {
  <D extends TadaDocumentNode<any, any>>(
    personId: string | null,
    document: D,
    variables?: VariablesOf<D>,
    options?: Options,
  ): Promise<GraphQLResponse<ResultOf<D>>>;
  (
    personId: string | null,
    query: string,
    variables?: Record<string, unknown>,
    options?: Options,
  ): Promise<GraphQLResponse>;
}

/**
 * What a test hub runs with: a directory of its own, an issuer's ES256 key whose public half is in a JWKS file the hub
 * reads, fresh data and signing keys, fresh subgraph secrets, and the suite's database.
 */
export async function testSetting() {
  const dir = mkdtempSync(join(tmpdir(), 'hub-test-'));
  const { privateKey, publicKey } = await jose.generateKeyPair('ES256', { extractable: true });
  const kid = 'test-key-1';
  const jwksPath = join(dir, 'jwks.json');
  writeFileSync(jwksPath, JSON.stringify({ keys: [{ ...(await jose.exportJWK(publicKey)), kid, alg: 'ES256' }] }));
  const config: HubConfig = {
    production: false,
    port: 0,
    dataDir: dir,
    databaseUrl: process.env.DATABASE_URL,
    embeddedDatabase: false,
    audience: AUDIENCE,
    issuers: [{ issuer: TEST_ISSUER, jwks: `file:${jwksPath}` }],
    dataKey: randomBytes(32),
    previousDataKeys: [],
    signingKey: randomBytes(32),
    previousSigningKeys: [],
    crypto: cryptoSuite().name,
    settings: { backdateDays: 7, sdcThreshold: 5, reportWorkday: 3 },
    publicRateLimit: 100_000,
    maxFileBytes: 1024 * 1024,
    metricsToken: 'test-metrics-token-0123456789',
    traces: 'none',
    subgraphSecrets: Object.fromEntries(
      SUBGRAPH_NAMES.map((n) => [n, randomBytes(24).toString('base64url')]),
    ) as HubConfig['subgraphSecrets'],
  };
  return { dir, privateKey, kid, jwksPath, config };
}

/**
 * The token a caller sends for each person, as an agency system keeps its token: signed once and sent again while the
 * clock (which tests move) is inside its lifetime (8 h; kept for 7), so it is signed and verified once, not per call.
 */
export function keptTokens(mint: (personId: string) => Promise<string>) {
  const kept = new Map<string, { token: string; from: number; to: number }>();
  return async (personId: string) => {
    const now = Date.now();
    const known = kept.get(personId);
    if (known && now >= known.from && now < known.to) return known.token;
    const token = await mint(personId);
    kept.set(personId, { token, from: now, to: now + 7 * 3_600_000 });
    return token;
  };
}

/** A real hub for a test file: the gateway and every subgraph, a real database, real ES256 tokens. */
export async function startWorld(
  topology: Topology = 'in-process',
  options: {
    production?: boolean;
    ownDatabase?: boolean;
    publicRateLimit?: number;
    trustedProxies?: string[];
    /** The explorer's demo-user picker, minting this world's tokens (as `npm start` does in development). */
    demoUsers?: boolean;
    onConnect?: DatabaseOptions['onConnect'];
  } = {},
) {
  const { privateKey, kid, jwksPath, config: base } = await testSetting();
  const config: HubConfig = {
    ...base,
    production: options.production ?? false,
    databaseUrl: options.ownDatabase ? await ownPostgresDatabase() : base.databaseUrl,
    publicRateLimit: options.publicRateLimit ?? base.publicRateLimit,
    trustedProxies: options.trustedProxies,
  };
  let recording: string[] | null = null;
  // On PGlite the worker's database, as the suite's one database on PostgreSQL; a copy of its own when asked for.
  const shared = !config.databaseUrl && !options.ownDatabase && !options.onConnect;
  const template = config.databaseUrl ? null : inject('pgliteTemplate');
  const database = shared
    ? await workerDatabase()
    : await openDatabase({
        url: config.databaseUrl,
        onStatement: (sql) => recording?.push(sql),
        onConnect: options.onConnect,
        from: template ? await openAsBlob(template) : undefined,
      });
  if (!shared && (database.kind === 'pglite' ? !template : options.ownDatabase)) await prepare(database);
  const people = await demoPeople();
  const hub = await startHub(
    config,
    database.db,
    topology,
    undefined,
    options.demoUsers ? { demoToken: { people: await demoUsers(), mint: (id) => token(id) } } : {},
  );

  /** A token for a demo person, naming only the subject unless `claims` adds an agency or a position. */
  async function token(personId: string, claims: Partial<Omit<TokenClaims, 'issuer' | 'subject'>> = {}) {
    const person = people.find((p) => p.id === personId);
    if (!person) throw new Error(`no demo person ${personId}`);
    return signToken(privateKey, kid, { subject: personId, ...claims }, { issuer: TEST_ISSUER, audience: AUDIENCE });
  }

  async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let json: any = {};
    try {
      json = JSON.parse(text);
    } catch {
      json = { raw: text };
    }
    return { status: response.status, ...json };
  }

  const keptToken = keptTokens(token);

  /** A GraphQL call through the gateway as `personId` (or anonymously with null); a typed document types its result. */
  const as = (async (personId: string | null, query: string | DocumentNode, variables?: unknown) => {
    const headers: Record<string, string> = personId ? { authorization: `Bearer ${await keptToken(personId)}` } : {};
    return post(hub.url, { query: typeof query === 'string' ? query : print(query), variables }, headers);
  }) as Calls;

  /** The SQL statements `run` caused, in order. */
  async function statementsOf(run: () => Promise<unknown>) {
    const seen: string[] = [];
    recording = seen;
    if (shared) recordStatements((sql) => seen.push(sql));
    try {
      await run();
    } finally {
      recording = null;
      if (shared) recordStatements(null);
    }
    return seen;
  }

  return {
    hub,
    database,
    db: database.db,
    config,
    privateKey,
    kid,
    jwksPath,
    token,
    post,
    as,
    statementsOf,
    /** Stops the world, after reading its public formats: any personal data found there fails the file. */
    stop: async () => {
      let leaks: string[] = [];
      try {
        leaks = await publicLeaks({ hub, token, db: database.db, config });
      } catch {
        // A world whose database or gateway a test took away has nothing more to show the public.
      }
      await hub.stop();
      if (!shared) await database.close();
      if (options.ownDatabase && config.databaseUrl) await dropPostgresDatabase(config.databaseUrl);
      if (leaks.length) throw new Error(`personal data in the public formats: ${leaks.join('; ')}`);
    },
  };
}

export type World = Awaited<ReturnType<typeof startWorld>>;

async function dropPostgresDatabase(url: string) {
  const admin = await openDatabase({ url: process.env.DATABASE_URL });
  try {
    await admin.db.execute(sql.raw(`drop database if exists ${new URL(url).pathname.slice(1)}`));
  } finally {
    await admin.close();
  }
}

/** On PostgreSQL, a fresh database of its own for a test that breaks things; on PGlite every world has one anyway. */
async function ownPostgresDatabase() {
  const url = process.env.DATABASE_URL;
  if (!url) return undefined;
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ url });
  try {
    await admin.db.execute(sql.raw(`create database ${name}`));
  } finally {
    await admin.close();
  }
  const own = new URL(url);
  own.pathname = `/${name}`;
  return own.toString();
}

/** Valid fixtures: a GB 11643 ID number or GB 32100 code from its first 17 characters. */
export const citizenId = (first17: string) => first17 + citizenIdCheckChar(first17);
export const creditCode = (first17: string) => first17 + creditCodeCheckChar(first17);
