import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../config.ts';
import { verifyAuditChain } from '../db/audit.ts';
import { rowsOf } from '../db/rows.ts';
import { reportLead } from './leads.fixtures.ts';
import { MIB, ok, POLICE, transferredMatter } from './procedure.ts';
import { AUDIENCE, startWorld, TEST_ISSUER, type World } from './world.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** The same world, its calls sent to another gateway in front of the same subgraphs. */
const through = (world: World, url: string): World => ({
  ...world,
  as: (async (personId: string | null, query: string, variables?: object) =>
    world.post(
      url,
      { query, variables },
      personId ? { authorization: `Bearer ${await world.token(personId)}` } : {},
    )) as World['as'],
});

/**
 * The subgraphs are services: the same scenario through our Apollo gateway and through Hive Gateway, a plain process
 * of its own configured from the same environment (issuers, each subgraph's secret and address).
 */
describe('behind any Federation gateway', () => {
  let world: World;
  let hive: ChildProcess;
  let hiveUrl: string;
  let networkRecord: string;

  beforeAll(async () => {
    // A database of its own: the chain is verified here, and another file's tamper test must not race it.
    world = await startWorld('http', { ownDatabase: true });
    networkRecord = join(world.config.dataDir, 'hive-network.txt');
    const port = await freePort();
    hive = spawn(process.execPath, ['--import', './test/network-recorder.preload.ts', 'scripts/hive-gateway.ts'], {
      env: {
        ...process.env,
        HUB_NETWORK_RECORD: networkRecord,
        LOG_LEVEL: 'error',
        // On PostgreSQL, the world's own database, where it audits the tokens it refuses; PGlite is out of its reach.
        DATABASE_URL: world.config.databaseUrl ?? '',
        PORT: String(port),
        DATA_DIR: world.config.dataDir,
        HUB_AUDIENCE: AUDIENCE,
        HUB_ISSUERS: JSON.stringify([{ issuer: TEST_ISSUER, jwks: `file:${world.jwksPath}` }]),
        ...Object.fromEntries(
          SUBGRAPH_NAMES.flatMap((name) => [
            [`SUBGRAPH_URL_${name.toUpperCase()}`, world.hub.subgraphUrls[name]],
            [`SUBGRAPH_SECRET_${name.toUpperCase()}`, world.config.subgraphSecrets[name]],
          ]),
        ),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    hiveUrl = `http://127.0.0.1:${port}/graphql`;
    const end = Date.now() + 60_000;
    while (
      !(await fetch(hiveUrl.replace('/graphql', '/ready')).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > end || hive.exitCode !== null) throw new Error('Hive Gateway did not become ready');
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 90_000);

  afterAll(async () => {
    if (hive && hive.exitCode === null) {
      const exited = new Promise((resolve) => hive.once('exit', resolve));
      hive.kill('SIGTERM');
      expect(await exited).toBe(0);
      // From start to shutdown, Hive Gateway reached nothing beyond loopback either.
      expect(readFileSync(networkRecord, 'utf8')).toBe('');
    }
    await world?.stop();
  });

  const gateways = [
    ['Apollo Gateway', (w: World) => w],
    ['Hive Gateway', (w: World) => through(w, hiveUrl)],
  ] as const;

  it.each(gateways)('runs the procedure through %s', async (_name, via) => {
    const hub = via(world);
    const matter = await transferredMatter(hub);
    expect(await ok(hub, POLICE.officer, 'acceptTransfer', matter.id)).toBeTruthy();

    // Entities joined across subgraphs: the matter (MIB) with its police agency and clocks (shared).
    const view = await hub.as(
      POLICE.officer,
      'query($id: ID!) { matter(id: $id) { id policeAgency { id name } clocks { code } } }',
      { id: matter.id },
    );
    expect(view.errors).toBeUndefined();
    expect(view.data.matter.policeAgency.id).toMatch(/^police-/);

    // The bureau's feedback arrives; the public sees the exposure feed and nothing else.
    const notifications = await hub.as(MIB.officer, '{ notifications { items { id } } }');
    expect(notifications.errors).toBeUndefined();
    expect((await hub.as(null, '{ exposures { items { id } } }')).errors).toBeUndefined();
    const anonymous = await hub.as(null, '{ notifications { items { id } } }');
    expect(anonymous.data?.notifications ?? null).toBeNull();
    expect(anonymous.errors?.[0].extensions?.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
  });

  it.each(gateways)('%s refuses what the hub refuses', async (_name, via) => {
    const hub = via(world);
    const url = hub === world ? world.hub.url : hiveUrl;
    // A token no issuer signed.
    const forged = await world.post(url, { query: '{ me { personId } }' }, { authorization: 'Bearer a.b.c' });
    expect(forged.status).toBe(401);
    // A signed token for someone the registry does not know: the subgraph's registry look-up refuses it.
    const { signToken } = await import('../auth/tokens.ts');
    const ghost = await signToken(
      world.privateKey,
      world.kid,
      { subject: 'nobody-here' },
      { issuer: TEST_ISSUER, audience: AUDIENCE },
    );
    const unknown = await world.post(url, { query: '{ me { personId } }' }, { authorization: `Bearer ${ghost}` });
    expect(unknown.data?.me ?? null).toBeNull();
    expect(JSON.stringify(unknown.errors ?? unknown)).toMatch(/UNAUTHENTICATED|401/);
    // The request limits: too deep is refused before anything runs.
    const deep = await hub.as(
      MIB.officer,
      '{ agency(id: "mib-220102") { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } }',
    );
    expect(deep.data ?? null).toBeNull();
    expect(deep.errors?.[0].message).toMatch(/depth/i);
    const aliases = await hub.as(
      MIB.officer,
      `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { personId }`).join(' ')} }`,
    );
    expect(aliases.errors?.[0].message).toMatch(/alias/i);
    // Police asking for a bureau-only field get FORBIDDEN from the subgraph, whichever gateway carried it.
    const informant = await hub.as(POLICE.officer, '{ leads(first: 1) { items { informant { name } } } }');
    expect(informant.data?.leads ?? null).toBeNull();
  });

  it.runIf(!!process.env.DATABASE_URL)('Hive Gateway audits the tokens it refuses, as ours does', async () => {
    const refused = async (reason: string) =>
      (
        await rowsOf<{ n: number }>(
          world.db,
          sql`select count(*)::int as n from audit.events where action = 'IDENTITY_REFUSED' and detail->>'reason' = ${reason}`,
        )
      )[0].n;
    // Signed, but by an issuer the hub does not know: only this call, through Hive Gateway, sends such a token here.
    const { privateKey } = await (await import('jose')).generateKeyPair('ES256');
    const { signToken } = await import('../auth/tokens.ts');
    const stranger = await signToken(
      privateKey,
      'stranger',
      { subject: MIB.officer },
      { issuer: 'https://idp.elsewhere.example', audience: AUDIENCE },
    );
    expect(await refused('unknown issuer')).toBe(0);
    const response = await world.post(
      hiveUrl,
      { query: '{ me { personId } }' },
      { authorization: `Bearer ${stranger}` },
    );
    expect(response.status).toBe(401);
    expect(await refused('unknown issuer')).toBe(1);
  });

  it.each(gateways)(
    '%s merges no identical requests: each read is audited as its own, in one intact chain',
    async (_name, via) => {
      const hub = via(world);
      const lead = await hub.as(MIB.officer, 'mutation($input: LeadInput!) { createLead(input: $input) { id } }', {
        input: reportLead(),
      });
      const id = lead.data.createLead.id;
      const count = async () =>
        (
          await rowsOf<{ n: number }>(
            world.db,
            sql`select count(*)::int as n from audit.events where action = 'ID_NUMBER_READ' and target_id = ${id}`,
          )
        )[0].n;
      const before = await count();
      // Identical in every way a gateway could key on: the same body, token and request id.
      const url = hub === world ? world.hub.url : hiveUrl;
      const headers = { authorization: `Bearer ${await world.token(MIB.officer)}`, 'x-request-id': `same-${id}` };
      const body = { query: `query($id: ID!) { lead(id: $id) { subject { idNumber } } }`, variables: { id } };
      const results = await Promise.all(Array.from({ length: 8 }, () => world.post(url, body, headers)));
      for (const result of results) expect(result.errors).toBeUndefined();
      expect((await count()) - before).toBe(8);
      // Appended together as one turn of the chain, and the chain still holds.
      expect((await verifyAuditChain(world.db)).broken).toBeNull();
    },
  );
});
