import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as jose from 'jose';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { signToken } from '../auth/tokens.js';
import { SUBGRAPH_NAMES } from '../config.js';
import { REGISTRY_COLUMNS } from '../resolvers/registry/file.js';
import { reportLead } from './leads.fixtures.js';

const run = promisify(execFile);
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const PG = process.env.DATABASE_URL;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function until(check: () => Promise<boolean>, what: string, ms = 60_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not happen within ${ms} ms`);
}

/**
 * A new deployment as docker-compose runs it, with plain processes on loopback: an empty database, the migration as
 * its owner (which also applies db/roles.sql), the registry imported from a file, an issuer of our own, five subgraphs
 * and the gateway as the append-only role hub_app, and a token from that issuer creating the first lead.
 */
describe.skipIf(!PG)('from an empty PostgreSQL to the first lead (plain processes, as compose runs them)', () => {
  const processes: ChildProcess[] = [];
  const name = `hub_zero_${randomBytes(5).toString('hex')}`;
  afterAll(async () => {
    for (const p of processes) if (p.exitCode === null) p.kill('SIGKILL');
    const admin = new pg.Client(PG!);
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('migrates, imports the registry, starts, accepts the issuer’s token and takes a lead', async () => {
    const admin = new pg.Client(PG!);
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const owner = new URL(PG!);
    owner.pathname = `/${name}`;
    const app = new URL(owner);
    app.username = 'hub_app';
    app.password = 'app-password-for-the-test';

    const dir = mkdtempSync(join(tmpdir(), 'hub-zero-'));
    const { privateKey, publicKey } = await jose.generateKeyPair('ES256');
    const jwks = join(dir, 'jwks.json');
    writeFileSync(
      jwks,
      JSON.stringify({ keys: [{ ...(await jose.exportJWK(publicKey)), kid: 'idp-1', alg: 'ES256' }] }),
    );
    const issuer = 'https://idp.jl.example/realms/yibao';
    const registry = join(dir, 'registry.csv');
    writeFileSync(
      registry,
      [
        REGISTRY_COLUMNS.join(','),
        'agency,mib-220000,MIB,PROVINCE,220000,,吉林省医疗保障局,吉医保,,,,,,,',
        'agency,mib-220100,MIB,CITY,220100,mib-220000,长春市医疗保障局,长医保,,,,,,,',
        'agency,mib-220102,MIB,COUNTY,220102,mib-220100,长春市南关区医疗保障局,南关医保,,,,,,,',
        `person,nanguan-wang,,,,,王执法,,mib-220102,${issuer},f3c1a2-wang,MIB_OFFICER,JL2201020001:2025-01-01:2030-12-31,2025-01-01,`,
      ].join('\n'),
    );
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      HUB_ISSUERS: JSON.stringify([{ issuer, jwks: `file:${jwks}` }]),
      HUB_DATA_KEY: randomBytes(32).toString('base64'),
      ...Object.fromEntries(
        SUBGRAPH_NAMES.map((n) => [`SUBGRAPH_SECRET_${n.toUpperCase()}`, randomBytes(24).toString('base64url')]),
      ),
    };

    // 1. As the owner: migrations, regions, clock rules, db/roles.sql; then the registry.
    const migrated = await run(tsx, ['scripts/migrate.ts'], {
      env: { ...env, DATABASE_URL: owner.toString(), HUB_APP_PASSWORD: app.password },
    });
    expect(migrated.stdout).toContain('role hub_app granted');
    const imported = await run(tsx, ['scripts/registry.ts', 'import', registry], {
      env: { ...env, DATABASE_URL: owner.toString() },
    });
    expect(imported.stdout).toContain('imported: 4 added');

    // 2. As hub_app: the five subgraphs and the gateway, each a process of its own. Run as `node --import tsx`, not
    // by the tsx command, whose signal relay kills its child unless it answers within 30 ms: SIGTERM must reach the
    // process's own handler, as it does under compose (`node dist/…`).
    const urls: Record<string, string> = {};
    for (const subgraph of SUBGRAPH_NAMES) {
      const port = await freePort();
      urls[subgraph] = `http://127.0.0.1:${port}/graphql`;
      processes.push(
        spawn(process.execPath, ['--import', 'tsx', 'subgraph.ts'], {
          env: { ...env, DATABASE_URL: app.toString(), SUBGRAPH: subgraph, PORT: String(port) },
          stdio: 'inherit',
        }),
      );
    }
    const gatewayPort = await freePort();
    processes.push(
      spawn(process.execPath, ['--import', 'tsx', 'gateway.ts'], {
        env: {
          ...env,
          DATABASE_URL: app.toString(),
          PORT: String(gatewayPort),
          ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`SUBGRAPH_URL_${n.toUpperCase()}`, urls[n]])),
        },
        stdio: 'inherit',
      }),
    );
    // The job queue's worker, as compose's `jobs`: it must work the queue as hub_app, which db:migrate granted it.
    let jobsOutput = '';
    const jobs = spawn(process.execPath, ['--import', 'tsx', 'jobs.ts'], {
      env: { ...env, DATABASE_URL: app.toString() },
    });
    jobs.stdout?.on('data', (chunk) => {
      jobsOutput += chunk;
    });
    jobs.stderr?.on('data', (chunk) => {
      jobsOutput += chunk;
    });
    processes.push(jobs);
    const gateway = `http://127.0.0.1:${gatewayPort}`;
    await until(async () => (await fetch(`${gateway}/ready`)).ok, 'the gateway being ready');
    await until(async () => jobsOutput.includes('job worker running'), 'the job worker starting');

    // 3. A token from the issuer, for the person in the registry: the first lead.
    const sign = (subject: string) => signToken(privateKey, 'idp-1', { subject }, { issuer, audience: 'yibao-hub' });
    const call = async (token: string, query: string, variables?: Record<string, unknown>) => {
      const response = await fetch(`${gateway}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...(await response.json()) };
    };
    const officer = await sign('f3c1a2-wang');
    const me = await call(officer, '{ me { personId position agency { id } } }');
    expect(me.data.me).toEqual({ personId: 'nanguan-wang', position: 'MIB_OFFICER', agency: { id: 'mib-220102' } });
    const lead = await call(officer, 'mutation($input: LeadInput!) { createLead(input: $input) { id } }', {
      input: reportLead({ regionCode: '220102' }),
    });
    expect(lead.errors).toBeUndefined();
    expect(lead.data.createLead.id).toBeTruthy();
    // A token of the same issuer for someone the registry does not know gets nothing.
    expect((await call(await sign('someone-else'), '{ me { personId } }')).status).toBe(401);

    // hub_app may append to the audit log, never change it.
    const asApp = new pg.Client(app.toString());
    await asApp.connect();
    try {
      await expect(asApp.query('update audit.events set action = action')).rejects.toThrow();
      const { rows } = await asApp.query("select count(*)::int as n from audit.events where action = 'LEAD_CREATED'");
      expect(rows[0].n).toBe(1);
    } finally {
      await asApp.end();
    }

    // 4. SIGTERM, as compose sends it: every process finishes and exits 0.
    const exits = processes.map(
      (p) =>
        new Promise<number | null>((resolve) => (p.exitCode !== null ? resolve(p.exitCode) : p.once('exit', resolve))),
    );
    for (const p of processes) p.kill('SIGTERM');
    expect(await Promise.all(exits)).toEqual(processes.map(() => 0));
    expect(jobsOutput).not.toMatch(/permission denied|"level":50/);
  }, 180_000);
});
