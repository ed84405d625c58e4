import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as jose from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEV_ISSUER } from '../auth/dev-key.ts';
import { signToken } from '../auth/tokens.ts';
import { applicationRole } from '../db/roles.ts';
import { digest, parseSignature, verifySignature } from '../domain/crypto.ts';
import { reportLead } from './leads.fixtures.ts';
import { MIB, POLICE, PROSECUTOR, TRANSFER_ATTACHMENTS } from './procedure.ts';

/**
 * The deployment as docker-compose.yml declares it, run from the built dist/ as plain processes on loopback: the
 * commands, environment, order and health checks are read from the compose file itself, its variables filled from
 * .env.example's names. The machine's PostgreSQL plays the `postgres` service, with an empty database of its own.
 * Two of every long-running service share it, and the traffic alternates between the two gateways.
 */

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const PG = process.env.DATABASE_URL;
const REPLICAS = 2;
const JUDGE = 'court-220102-judge';
const JOB = 'superior-220000-reporting-job';
/** What an operator runs after `docker compose up` (README, "Deploying"): the registry, as the migration's service. */
const REGISTRY_IMPORT = ['node', 'dist/scripts/registry.js', 'import', '/registry/agencies-and-people.csv'];

interface Service {
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  volumes?: string[];
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};

/** Compose's variable substitution: ${NAME}, ${NAME:?message}, ${NAME:-default}, $$. */
function interpolate(value: string, vars: Record<string, string>) {
  return value.replace(/\$\$|\$\{(\w+)(?:(:?[?-])([^}]*))?\}/g, (whole, name, op, arg) => {
    if (whole === '$$') return '$';
    const set = vars[name] !== undefined && vars[name] !== '';
    if (op === ':?' && !set) throw new Error(`docker-compose.yml needs ${name}, which .env.example does not list`);
    if (op === ':-' && !set) return arg;
    return vars[name] ?? '';
  });
}

const dependencies = (service: Service) =>
  Array.isArray(service.depends_on)
    ? Object.fromEntries(service.depends_on.map((name) => [name, 'service_started']))
    : Object.fromEntries(Object.entries(service.depends_on ?? {}).map(([name, d]) => [name, d.condition]));

/** The services in the order compose starts them: each after those it depends on. */
function startOrder(services: Record<string, Service>) {
  const order: string[] = [];
  const visit = (name: string) => {
    if (order.includes(name)) return;
    for (const dependency of Object.keys(dependencies(services[name]))) visit(dependency);
    order.push(name);
  };
  for (const name of Object.keys(services)) visit(name);
  return order;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function until<T>(check: () => Promise<T | false | undefined>, what: string, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const result = await check().catch(() => false as const);
    if (result) return result;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not happen within ${ms} ms`);
}

describe.skipIf(!PG)('the deployment docker-compose.yml declares, from dist/, two of everything', () => {
  const processes: { name: string; child: ChildProcess; output: string[] }[] = [];
  const database = `hub_deploy_${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'hub-deploy-'));
  const hooks: { headers: IncomingMessage['headers']; body: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      hooks.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  const gateways: string[] = [];
  let privateKey: CryptoKey;
  let serviceEnv: (name: string, port?: number, replica?: number) => Record<string, string>;
  const ports: Record<string, number[]> = {};

  const start = (name: string, command: string[], env: Record<string, string>) => {
    const [program, ...args] = command;
    expect(program, `${name} runs node`).toBe('node');
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout?.on('data', (chunk) => output.push(String(chunk)));
    child.stderr?.on('data', (chunk) => output.push(String(chunk)));
    processes.push({ name, child, output });
    return { child, output };
  };
  const exitOf = (child: ChildProcess) =>
    new Promise<number | null>((resolve) =>
      child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
    );
  /** A service's health check, as compose runs it inside the container. */
  const healthy = async (name: string, env: Record<string, string>) => {
    const [kind, program, ...args] = compose.services[name].healthcheck!.test;
    expect([kind, program]).toEqual(['CMD', 'node']);
    await until(
      () =>
        run(process.execPath, args, { cwd: root, env }).then(
          () => true,
          () => false,
        ),
      `${name} being healthy`,
    );
  };

  beforeAll(async () => {
    // What ships: the compiled JavaScript, built as the Dockerfile builds it.
    await run('npm', ['run', '-s', 'build'], { cwd: root });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));

    const admin = new pg.Client(PG);
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();

    const keys = await jose.generateKeyPair('ES256');
    privateKey = keys.privateKey as CryptoKey;
    writeFileSync(
      join(dir, 'jwks.json'),
      JSON.stringify({ keys: [{ ...(await jose.exportJWK(keys.publicKey)), kid: 'idp-1', alg: 'ES256' }] }),
    );
    // The operator's .env: a value for every variable .env.example lists, and for no other.
    const names = readFileSync(join(root, '.env.example'), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.slice(0, line.indexOf('=')));
    // As .env.example says to make them: hex secrets and passwords, base64 data and signing keys.
    const secret = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex');
    const dotEnv: Record<string, string> = Object.fromEntries(names.map((name) => [name, secret()]));
    dotEnv.HUB_DATA_KEY = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
    dotEnv.HUB_SIGNING_KEY = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
    dotEnv.HUB_ISSUERS = JSON.stringify([{ issuer: DEV_ISSUER, jwks: `file:${join(dir, 'jwks.json')}` }]);

    // The container names, as the machine reaches them here.
    const here = new URL(PG!);
    const owner = compose.services.postgres.environment!.POSTGRES_USER;
    const composeDatabase = compose.services.postgres.environment!.POSTGRES_DB;
    const address = (value: string, replica: number) => {
      if (/^postgres(ql)?:\/\//.test(value)) {
        const url = new URL(value);
        expect(url.hostname).toBe('postgres');
        expect(url.pathname).toBe(`/${composeDatabase}`);
        const mine = new URL(PG!);
        mine.pathname = `/${database}`;
        if (url.username === owner) mine.username = here.username;
        else {
          // The services' role is the one the migration makes for the database.
          expect(url.username).toBe(applicationRole(value, ''));
          mine.username = applicationRole(mine.toString(), '');
          mine.password = url.password;
        }
        return mine.toString();
      }
      return value.replace(/^http:\/\/([a-z-]+):4000\//, (whole, host) =>
        ports[host] ? `http://127.0.0.1:${ports[host][replica % ports[host].length]}/` : whole,
      );
    };
    serviceEnv = (name, port, replica = 0) => {
      const env = Object.fromEntries(
        Object.entries(compose.services[name].environment ?? {}).map(([key, value]) => [
          key,
          address(interpolate(String(value), dotEnv), replica),
        ]),
      );
      return {
        ...process.env,
        ...env,
        // The Dockerfile's HOST=0.0.0.0 is the container's; on this machine, loopback only.
        HOST: '127.0.0.1',
        ...(port ? { PORT: String(port) } : {}),
        DATABASE_URL: env.DATABASE_URL ?? '',
        LOG_LEVEL: 'warn',
      };
    };

    for (const name of startOrder(compose.services)) {
      const service = compose.services[name];
      if (name === 'postgres' || service.profiles) continue;
      for (const [dependency, condition] of Object.entries(dependencies(service))) {
        if (dependency === 'postgres') continue;
        if (condition === 'service_completed_successfully')
          expect(processes.filter((p) => p.name === dependency).map((p) => p.child.exitCode)).toEqual([0]);
        else expect(condition, `${name} waits for ${dependency} to be healthy`).toBe('service_healthy');
      }
      if (service.command?.[1] === 'dist/scripts/migrate.js') {
        const migrate = start(name, service.command, serviceEnv(name));
        expect(await exitOf(migrate.child), migrate.output.join('')).toBe(0);
        expect(migrate.output.join('')).toContain(`role ${applicationRole(`postgres:///${database}`, '')} granted`);
        // The registry, as the README says: the migration's service with the import command, /registry mounted.
        expect(service.volumes).toContain('./registry:/registry:ro');
        copyFileSync(join(root, 'db/registry/demo.csv'), join(dir, 'agencies-and-people.csv'));
        const registry = start(
          'registry',
          REGISTRY_IMPORT.map((arg) => arg.replace('/registry/', `${dir}/`)),
          serviceEnv(name),
        );
        expect(await exitOf(registry.child), registry.output.join('')).toBe(0);
        expect(registry.output.join('')).toMatch(/imported: \d+ added/);
        continue;
      }
      const replicas = await Promise.all(Array.from({ length: REPLICAS }, () => freePort()));
      ports[name] = replicas;
      const started = replicas.map((port, replica) => {
        const env = serviceEnv(name, port, replica);
        return { env, ...start(name, service.command!, env) };
      });
      if (service.healthcheck) await Promise.all(started.map((s) => healthy(name, s.env)));
      else if (name === 'jobs')
        await until(async () => started.every((s) => s.output.join('').includes('job worker running')), 'jobs');
    }
    for (const port of ports.gateway) gateways.push(`http://127.0.0.1:${port}`);
  }, 300_000);

  afterAll(async () => {
    for (const { child } of processes) if (child.exitCode === null) child.kill('SIGKILL');
    receiver.close();
    const admin = new pg.Client(PG);
    await admin.connect();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  });

  let calls = 0;
  const call = async (person: string | null, query: string, variables?: Record<string, unknown>) => {
    const gateway = gateways[calls++ % gateways.length];
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (person)
      headers.authorization = `Bearer ${await signToken(privateKey, 'idp-1', { subject: person }, { issuer: DEV_ISSUER, audience: 'yibao-hub' })}`;
    const response = await fetch(`${gateway}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: { message: string }[] };
  };
  const step = async (person: string, action: string, matterId: string, input: Record<string, unknown> = {}) => {
    const name = `${action[0].toUpperCase()}${action.slice(1)}Input`;
    const result = await call(
      person,
      `mutation($id: ID!, $input: ${name}!) { ${action}(matterId: $id, input: $input) { id stage } }`,
      { id: matterId, input },
    );
    expect(result.errors, `${action} by ${person}`).toBeUndefined();
  };
  const rows = async <T>(text: string, values: unknown[] = []) => {
    const url = new URL(PG!);
    url.pathname = `/${database}`;
    const client = new pg.Client(url.toString());
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  };

  it('runs every process on Node.js 24, each ready', async () => {
    for (const gateway of gateways) {
      const ready = await (await fetch(`${gateway}/ready`)).json();
      expect(ready).toMatchObject({ status: 'ready', node: expect.stringMatching(/^v24\./) });
    }
    expect(
      processes
        .filter((p) => p.child.exitCode === null)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['court', 'gateway', 'jobs', 'mib', 'police', 'procuratorate', 'shared'].flatMap((n) => [n, n]));
  });

  it('takes a lead to a judgment across both gateways; the bureau’s webhook hears each outcome once', async () => {
    const hook = await call(MIB.head, 'mutation($url: String!) { registerWebhook(url: $url) { secret } }', {
      url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hub`,
    });
    expect(hook.errors).toBeUndefined();
    // Ten leads at once, half through each gateway: one audit chain, appended to by every subgraph process.
    const leads = await Promise.all(
      Array.from({ length: 10 }, () =>
        call(MIB.officer, 'mutation($input: LeadInput!) { createLead(input: $input) { id } }', {
          input: reportLead(),
        }),
      ),
    );
    expect(leads.map((l) => l.errors)).toEqual(leads.map(() => undefined));
    const opened = await call(
      MIB.officer,
      'mutation($lead: ID!) { openCase(leadId: $lead, input: { title: "某药房串换药品骗保案" }) { id } }',
      { lead: leads[0].data.createLead.id },
    );
    const matter = opened.data.openCase.id as string;
    await step(MIB.officer, 'submitTransferReport', matter, {
      officerIds: [MIB.officer, MIB.officer2],
      report: '经核实，涉嫌诈骗罪，建议移送。',
    });
    await step(MIB.head, 'decideTransfer', matter, { approved: true });
    await step(MIB.officer, 'transferToPolice', matter, { attachments: TRANSFER_ATTACHMENTS });
    await step(POLICE.officer, 'acceptTransfer', matter);
    await step(POLICE.head, 'decideFiling', matter, { filed: true, policeCaseNumber: '南公立字〔2026〕801号' });
    await step(POLICE.officer, 'recordProceeds', matter, { kind: 'RECOVERED', amount: '8000.00', description: '追缴' });
    await step(POLICE.officer, 'sendForProsecution', matter, { suspects: ['张三丰'], amountDefrauded: '12345.67' });
    await step(PROSECUTOR, 'prosecute', matter, {
      procuratorateCaseNumber: '南检刑诉〔2026〕801号',
      defendants: ['张三丰'],
      charges: ['FRAUD'],
    });
    await step(JUDGE, 'recordJudgment', matter, {
      courtCaseNumber: '(2026)吉0102刑初801号',
      defendants: [{ name: '张三丰', verdict: 'GUILTY', charges: ['FRAUD'], imprisonmentMonths: 18, fine: '20000.00' }],
    });
    await step(JUDGE, 'recordJudgmentEffective', matter, {
      effectiveOn: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
    });

    const notified = await rows<{ id: string }>('select id from shared.outcome_notifications where matter_id = $1', [
      matter,
    ]);
    expect(notified.length).toBeGreaterThanOrEqual(5);
    const heard = () => hooks.filter((h) => JSON.parse(h.body).data.matterId === matter);
    await until(async () => heard().length >= notified.length, 'every outcome reaching the webhook');
    // Both workers listen and sweep: give a second delivery every chance to happen.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(
      heard()
        .map((h) => JSON.parse(h.body).data.notificationId)
        .sort(),
    ).toEqual(notified.map((n) => n.id).sort());
    expect(new Set(heard().map((h) => h.headers['webhook-id'])).size).toBe(notified.length);

    // No clock opened twice and no notification written twice by two processes.
    expect(
      await rows('select matter_id, code from shared.clocks where closed_at is null group by 1, 2 having count(*) > 1'),
    ).toEqual([]);
    expect(await rows('select step_id from shared.outcome_notifications group by 1 having count(*) > 1')).toEqual([]);

    // An exposure of the person convicted, published by the bureau and read by anyone from the feed.
    const drafted = await call(
      MIB.officer,
      'mutation($input: DraftExposureInput!) { draftExposure(input: $input) { id } }',
      {
        input: {
          matterId: matter,
          kind: 'PERSON',
          summary: '参保人张某某冒用他人医保凭证购药。',
        },
      },
    );
    expect(drafted.errors).toBeUndefined();
    const id = drafted.data.draftExposure.id;
    expect(
      (await call(MIB.head, 'mutation($id: ID!) { approveExposure(id: $id) { id } }', { id })).errors,
    ).toBeUndefined();
    expect(
      (await call(MIB.officer, 'mutation($id: ID!) { publishExposure(id: $id) { id } }', { id })).errors,
    ).toBeUndefined();
    // Signed as docker-compose.yml deploys it, with SM2 (HUB_CRYPTO=GM), under the key every gateway publishes.
    for (const gateway of gateways) {
      const feed = await (await fetch(`${gateway}/feed/exposures.json`)).json();
      const item = feed.items.find((i: { id: string }) => i.id.endsWith(id));
      expect(item._signature.algorithm).toBe('SM2-SM3');
      const key = await (await fetch(`${gateway}/keys/${item._signature.key_id}.pem`)).text();
      expect(verifySignature(item._signature.signed_content, parseSignature(item._signature)!, key)).toBe(true);
    }
  }, 180_000);

  it('freezes last month’s report once at start, though its day passed before the hub was up, and serves it', async () => {
    const regions = await rows<{ code: string }>(
      'select distinct division_code as code from shared.agencies where deactivated_at is null',
    );
    // The suite's clock stands on 30 November: October's report day (its third working day after) has passed.
    const frozen = await until(async () => {
      const made = await rows<{ id: string; region_code: string; revision: number }>(
        "select id, region_code, revision from shared.reports where month = '2026-10'",
      );
      return made.length >= regions.length && made;
    }, 'the October reports');
    await new Promise((r) => setTimeout(r, 3_000));
    const again = await rows<{ region_code: string }>("select region_code from shared.reports where month = '2026-10'");
    expect(again.map((r) => r.region_code).sort()).toEqual(regions.map((r) => r.code).sort());
    expect(frozen.every((r) => r.revision === 1)).toBe(true);
    const audited = await rows<{ n: number }>(
      "select count(*)::int as n from audit.events where action = 'REPORT_FROZEN' and detail->>'month' = '2026-10'",
    );
    expect(audited[0].n).toBe(regions.length);

    const province = frozen.find((r) => r.region_code === '220000')!;
    const token = await signToken(privateKey, 'idp-1', { subject: JOB }, { issuer: DEV_ISSUER, audience: 'yibao-hub' });
    for (const gateway of gateways) {
      const file = await fetch(`${gateway}/reports/${province.id}.xlsx`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(file.status).toBe(200);
      const bytes = Buffer.from(await file.arrayBuffer());
      expect(bytes.subarray(0, 2).toString()).toBe('PK');
      expect(file.headers.get('x-file-digest')).toBe(`SM3=${digest(bytes, 'SM3')}`);
      const signature = await fetch(`${gateway}/reports/${province.id}.xlsx.sig`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const key = await (await fetch(`${gateway}/keys/signing.pem`)).text();
      expect(verifySignature(bytes, parseSignature(await signature.text())!, key)).toBe(true);
    }
  }, 120_000);

  it('keeps one audit chain that verifies, and every process stops cleanly on SIGTERM', async () => {
    // The services' role may append to the audit log, never change it; a subject the registry does not know gets nothing.
    const app = new URL(serviceEnv('gateway').DATABASE_URL);
    const asApp = new pg.Client(app.toString());
    await asApp.connect();
    await expect(asApp.query('update audit.events set action = action')).rejects.toThrow(/permission denied/);
    await asApp.end();
    const stranger = await signToken(
      privateKey,
      'idp-1',
      { subject: 'someone-else' },
      { issuer: DEV_ISSUER, audience: 'yibao-hub' },
    );
    const refused = await fetch(`${gateways[0]}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stranger}` },
      body: JSON.stringify({ query: '{ me { personId } }' }),
    });
    expect(refused.status).toBe(401);
    const verify = await run(process.execPath, ['dist/scripts/audit-verify.js'], {
      cwd: root,
      env: serviceEnv('migrate'),
    });
    expect(verify.stdout).toMatch(/audit chain intact: \d+ entries/);
    expect(verify.stdout).toMatch(/entry \d+: the chain starts under SM3/);
    const running = processes.filter((p) => p.child.exitCode === null);
    const exits = running.map((p) => exitOf(p.child));
    for (const p of running) p.child.kill('SIGTERM');
    expect(await Promise.all(exits)).toEqual(running.map(() => 0));
    const logged = running.map((p) => p.output.join('')).join('\n');
    expect(logged).not.toMatch(/permission denied|"level":50/);
  }, 60_000);
});
