import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV_ISSUER, ensureDevKey } from '../auth/dev-key.ts';
import { signToken } from '../auth/tokens.ts';
import { verifyAuditChain } from '../db/audit.ts';
import { openDatabase } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';
import { OUTCOMES_CHANNEL } from '../resolvers/webhooks.ts';
import { reportLead } from './leads.fixtures.ts';

/** PostgreSQL's own programs: on PATH, or where Debian puts them. */
function pgBin(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) if (existsSync(join(dir, name))) return join(dir, name);
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  for (const version of readdirSync(root).sort().reverse())
    if (existsSync(join(root, version, 'bin', name))) return join(root, version, 'bin', name);
  return null;
}

const asRoot = process.getuid?.() === 0;
/** initdb and postgres refuse to run as root: as root, run them as the postgres user. */
const asPostgres = (program: string, args: string[]) =>
  asRoot
    ? execFileSync('runuser', ['-u', 'postgres', '--', program, ...args], { stdio: 'pipe' })
    : execFileSync(program, args, { stdio: 'pipe' });

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const initdb = pgBin('initdb');
const pgCtl = pgBin('pg_ctl');

/**
 * The hub survives its database (docs/security.md, principle 9): a private PostgreSQL cluster, the hub on it as its own process,
 * mutations under load, the cluster stopped at once (`pg_ctl stop -m immediate`) and started again. The process keeps
 * running, callers get clean errors, /health stays up while /ready says not ready, and it recovers by itself with
 * nothing half-written and the audit chain intact. Run in the PostgreSQL pass of .ci/run.
 */
describe.runIf(!!process.env.DATABASE_URL && !!initdb && !!pgCtl)('when PostgreSQL goes away under load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-outage-'));
  const cluster = join(dir, 'cluster');
  let hub: ChildProcess | undefined;
  let port = 0;
  const ctl = (...args: string[]) => asPostgres(pgCtl!, ['-D', cluster, '-w', '-t', '60', ...args]);
  afterAll(() => {
    hub?.kill('SIGKILL');
    try {
      ctl('stop', '-m', 'immediate');
    } catch {}
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps answering, says it is not ready, and recovers with nothing half-written', async () => {
    if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), 0);
    asPostgres(initdb!, ['-D', cluster, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    port = await freePort();
    // -l: the server's output goes to a file, not to our pipes, which would otherwise stay open and block us.
    const start = () =>
      ctl(
        '-l',
        join(dir, 'postgres.log'),
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
        'start',
      );
    start();
    execFileSync(pgBin('psql') ?? 'psql', [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      'postgres',
      '-c',
      'create database hub',
    ]);
    const url = `postgres://postgres@127.0.0.1:${port}/hub`;
    // The job worker hears of each outcome at its commit on a LISTEN connection of its own (webhooks): it must be
    // listening again once the database is back, not only the pool.
    const listener = await openDatabase({ url });
    let heard = 0;
    const unlisten = await listener.listen(OUTCOMES_CHANNEL, () => heard++);
    const dataDir = join(dir, 'data');
    const hubPort = await freePort();
    let output = '';
    hub = spawn(process.execPath, ['scripts/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        DATA_DIR: dataDir,
        PORT: String(hubPort),
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
      },
    });
    hub.stdout?.on('data', (c) => {
      output += c;
    });
    hub.stderr?.on('data', (c) => {
      output += c;
    });
    const base = `http://127.0.0.1:${hubPort}`;
    const until = async (check: () => Promise<boolean>, what: string, ms = 60_000) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        if (await check().catch(() => false)) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`${what} within ${ms} ms; the hub said:\n${output}`);
    };
    await until(async () => (await fetch(`${base}/ready`)).ok, 'the hub ready');
    const key = await ensureDevKey(dataDir);
    const token = await signToken(
      key.privateKey,
      key.kid,
      { subject: 'mib-220102-officer-1' },
      { issuer: DEV_ISSUER, audience: 'yibao-hub' },
    );
    const createLead = async () => {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: 'mutation($input: LeadInput!) { createLead(input: $input) { id } }',
          variables: { input: reportLead() },
        }),
      }).catch(() => null);
      if (!response) return 'NO_ANSWER';
      const body = (await response.json().catch(() => ({}))) as {
        data?: { createLead?: { id: string } };
        errors?: { message: string }[];
      };
      if (body.data?.createLead?.id) return 'OK';
      // A clean error: a message and nothing of SQL, tables or stacks.
      expect(JSON.stringify(body)).not.toMatch(/select |insert |relation |at .*\.ts:/i);
      const code = (body.errors?.[0] as { extensions?: { code?: string } } | undefined)?.extensions?.code;
      return `${response.status} ${code} retry-after=${response.headers.get('retry-after')}`;
    };

    // Load: eight callers creating leads as fast as they can, while the database is stopped under them.
    let loading = true;
    const outcomes: string[] = [];
    const callers = Array.from({ length: 8 }, async () => {
      while (loading) outcomes.push(await createLead());
    });
    await new Promise((r) => setTimeout(r, 1500));
    ctl('stop', '-m', 'immediate');
    await new Promise((r) => setTimeout(r, 3000));
    expect(hub.exitCode, output).toBeNull();
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toContain('database');
    start();
    await until(async () => (await fetch(`${base}/ready`)).ok, 'ready again after the database came back');
    await until(async () => (await createLead()) === 'OK', 'a lead created after the database came back', 30_000);
    heard = 0;
    await until(
      async () => {
        await listener.db.execute(sql`select pg_notify(${OUTCOMES_CHANNEL}, '')`);
        return heard > 0;
      },
      'the LISTEN connection open again after the database came back',
      30_000,
    );
    await unlisten();
    await listener.close();
    loading = false;
    await Promise.all(callers);
    expect(hub.exitCode, output).toBeNull();
    expect(outcomes.filter((o) => o === 'OK').length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o !== 'OK').length).toBeGreaterThan(0);
    expect(outcomes).not.toContain('NO_ANSWER');
    // While the database was away: 503 with Retry-After, which an agency system retries on, and nothing else.
    expect([...new Set(outcomes.filter((o) => o !== 'OK'))]).toEqual(['503 SERVICE_UNAVAILABLE retry-after=5']);

    // Nothing half-written: every lead has its audit entry, and the chain holds.
    const database = await openDatabase({ url });
    try {
      const [leads] = await rowsOf<{ n: number }>(database.db, sql`select count(*)::int as n from mib.leads`);
      const [audited] = await rowsOf<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from audit.events where action = 'LEAD_CREATED'`,
      );
      expect(audited.n).toBe(leads.n);
      // Every lead a caller was told of is there (one more may have committed as its answer was lost).
      expect(leads.n).toBeGreaterThanOrEqual(outcomes.filter((o) => o === 'OK').length + 1);
      expect((await verifyAuditChain(database.db)).broken).toBeNull();
    } finally {
      await database.close();
    }

    const exited = new Promise<number | null>((resolve) => hub!.once('exit', resolve));
    hub.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).not.toMatch(/Cannot read properties of null|uncaught/i);
  }, 180_000);
});
