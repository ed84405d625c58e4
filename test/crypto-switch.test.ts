import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyAuditChain } from '../db/audit.ts';
import { resealAll } from '../db/reseal.ts';
import { leads, webhooks } from '../db/schema.ts';
import { parseSignature, Sealer, verifySignature } from '../domain/crypto.ts';
import { createKeys } from '../server/services.ts';
import { reportLead } from './leads.fixtures.ts';
import { MIB } from './procedure.ts';
import { citizenId, startWorld, type World } from './world.ts';

/**
 * A hub that ran on international algorithms is switched to China's commercial ones (HUB_CRYPTO=GM) on its populated
 * database: what was written before is still read and verified, the audit chain changes digest at a recorded entry,
 * and `npm run reseal` moves every sealed ID number to SM4, a batch at a time, resumable. A database of its own.
 */

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const SUPERIOR = 'superior-220000-reporting-job';
const LEAD = `query($id: ID!) { lead(id: $id) { subject { idNumber } } }`;
const CREATE = `mutation($input: LeadInput!) { createLead(input: $input) { id } }`;
const REPORT = `mutation($r: String!, $m: String!) { generateMonthlyReport(region: $r, month: $m) {
  id revision digest digestAlgorithm csvPath csvSignaturePath } }`;

let world: World;
beforeAll(async () => {
  vi.stubEnv('HUB_CRYPTO', 'INTL');
  world = await startWorld('in-process', { ownDatabase: true });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await world?.stop();
});

/** What a restart with the new setting builds: the services' sealer and signer, from the same keys. */
function restartWith(suite: 'INTL' | 'GM') {
  vi.stubEnv('HUB_CRYPTO', suite);
  Object.assign(world.hub.services, createKeys({ ...world.config, crypto: suite }));
}

/** An operator's command against PostgreSQL; on PGlite, whose database lives in this process, the command's work. */
async function command(script: string, args: string[], inProcess: () => Promise<string>) {
  if (!world.config.databaseUrl) return inProcess();
  const { stdout } = await run(process.execPath, [script, ...args], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: world.config.databaseUrl,
      HUB_DATA_KEY: world.config.dataKey.toString('base64'),
      HUB_CRYPTO: 'GM',
    },
  });
  return stdout;
}

const ids: Record<string, string> = {};
const numbers = [
  '22010219800101123',
  '22010219850505432',
  '22010219900909876',
  '22010219951212111',
  '22010220000101222',
].map(citizenId);

describe('switching a populated hub from INTL to GM', () => {
  it('reads, verifies and re-seals what was written before, and the chain changes digest at a recorded entry', async () => {
    // Written under INTL: leads with ID numbers, a webhook secret, a frozen report signed with Ed25519.
    for (const idNumber of numbers.slice(0, 3)) {
      const made = await world.as(MIB.officer, CREATE, {
        input: reportLead({ subject: { kind: 'PERSON', name: '张三丰', idNumber } }),
      });
      ids[idNumber] = made.data.createLead.id;
    }
    const hook = await world.as(
      MIB.head,
      'mutation { registerWebhook(url: "https://mib.jl.example/hook") { webhook { id } secret } }',
    );
    const { secret, webhook } = hook.data.registerWebhook;
    const intlReport = (await world.as(SUPERIOR, REPORT, { r: '220000', m: lastMonth() })).data.generateMonthlyReport;
    expect(intlReport.digestAlgorithm).toBe('SHA-256');
    const intlChain = await verifyAuditChain(world.db);
    // The seed may have been written under another suite (the suite's PGlite template is made under HUB_CRYPTO).
    expect(intlChain.changes.at(-1)!.to).toBe('SHA-256');

    restartWith('GM');

    // Old values read; new ones written under GM.
    for (const idNumber of numbers.slice(0, 3))
      expect((await world.as(MIB.officer, LEAD, { id: ids[idNumber] })).data.lead.subject.idNumber).toBe(idNumber);
    for (const idNumber of numbers.slice(3)) {
      const made = await world.as(MIB.officer, CREATE, {
        input: reportLead({ subject: { kind: 'PERSON', name: '张三丰', idNumber } }),
      });
      ids[idNumber] = made.data.createLead.id;
    }
    const rows = await world.db
      .select()
      .from(leads)
      .where(inArray(leads.id, Object.values(ids)));
    const formats = (list: typeof rows) => list.map((r) => r.subjectIdNumberSealed!.split('.')[0]).sort();
    expect(formats(rows)).toEqual(['gm1', 'gm1', 'v1', 'v1', 'v1']);

    // The report made before still verifies, with the Ed25519 key the hub still publishes.
    const base = world.hub.url.replace(/\/graphql$/, '');
    const token = await world.token(SUPERIOR);
    const get = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const keys = await (await fetch(`${base}/keys/signing.json`)).json();
    expect(keys.keys[0].algorithm).toBe('SM2-SM3');
    const csv = Buffer.from(await (await get(intlReport.csvPath)).arrayBuffer());
    const oldSignature = parseSignature(await (await get(intlReport.csvSignaturePath)).text())!;
    expect(oldSignature.algorithm).toBe('Ed25519');
    const oldKey = keys.keys.find((k: { keyId: string }) => k.keyId === oldSignature.keyId);
    expect(verifySignature(csv, oldSignature, oldKey.pem)).toBe(true);
    // As a recipient checks it: `npm run verify` with the file, its .sig and the hub's published key list.
    const dir = mkdtempSync(join(tmpdir(), 'hub-verify-'));
    const files = { csv: join(dir, 'report.csv'), sig: join(dir, 'report.csv.sig'), keys: join(dir, 'keys.json') };
    writeFileSync(files.csv, csv);
    writeFileSync(files.sig, await (await get(intlReport.csvSignaturePath)).text());
    writeFileSync(files.keys, JSON.stringify(keys));
    const verify = (file: string) =>
      run(process.execPath, ['scripts/verify.ts', file, files.sig, '--key', files.keys], {
        cwd: root,
      }).catch((error) => error);
    expect((await verify(files.csv)).stdout).toMatch(/^OK: .* \(Ed25519\)/);
    const tampered = Buffer.from(csv);
    tampered[tampered.length - 2] ^= 1;
    writeFileSync(join(dir, 'tampered.csv'), tampered);
    const refused = await verify(join(dir, 'tampered.csv'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/NOT VERIFIED/);

    // The chain goes on under SM3 from the first entry written after the switch, and verifies end to end.
    const chain = await verifyAuditChain(world.db);
    expect(chain.broken).toBeNull();
    expect(chain.changes.slice(0, intlChain.changes.length)).toEqual(intlChain.changes);
    const switched = chain.changes.slice(intlChain.changes.length);
    expect(switched.map((c) => [c.from, c.to])).toEqual([['SHA-256', 'SM3']]);
    expect(switched[0].seq).toBeGreaterThan(intlChain.entries);
    const verified = await command('scripts/audit-verify.ts', [], async () => 'in-process');
    if (world.config.databaseUrl) {
      expect(verified).toMatch(/the digest changes from SHA-256 to SM3/);
      expect(verified).toMatch(/audit chain intact/);
    }

    // Re-sealing, stopped after its first batch of two, loses nothing; a second run finishes.
    const sealer = world.hub.services.sealer;
    let batches = 0;
    const first = await resealAll(world.db, sealer, { batch: 2, stop: () => batches++ >= 1 });
    expect(first.done).toBe(false);
    const halfway = await world.db
      .select()
      .from(leads)
      .where(inArray(leads.id, Object.values(ids)));
    for (const row of halfway) expect(sealer.open(row.subjectIdNumberSealed!)).toMatch(/^\d{17}[\dX]$/);
    expect(first.progress[0].seen).toBe(2);
    expect(formats(halfway).filter((f) => f === 'v1')).toHaveLength(3 - first.progress[0].moved);
    const output = await command('scripts/reseal.ts', ['--batch', '2'], async () => {
      const lines: string[] = [];
      const second = await resealAll(world.db, sealer, {
        batch: 2,
        onProgress: (p) => lines.push(`${p.what}: ${p.seen} of ${p.total} checked, ${p.moved} moved`),
      });
      expect(second.done).toBe(true);
      return lines.join('\n');
    });
    expect(output).toMatch(/ID numbers: \d+ of \d+ checked/);

    const after = await world.db
      .select()
      .from(leads)
      .where(inArray(leads.id, Object.values(ids)));
    expect(formats(after)).toEqual(['gm1', 'gm1', 'gm1', 'gm1', 'gm1']);
    for (const row of after) {
      const idNumber = sealer.open(row.subjectIdNumberSealed!);
      expect(ids[idNumber]).toBe(row.id);
      expect(row.subjectIdNumberHash).toBe(sealer.lookupHash(idNumber));
    }
    const [hookRow] = await world.db.select().from(webhooks).where(eq(webhooks.id, webhook.id));
    expect(hookRow.secretSealed).toMatch(/^gm1\./);
    expect(sealer.open(hookRow.secretSealed)).toBe(secret);
    expect(new Sealer(world.config.dataKey).stateOf(hookRow.secretSealed)).toEqual({ suite: 'GM', currentKey: true });
    expect((await verifyAuditChain(world.db)).broken).toBeNull();
  });
});

function lastMonth() {
  const now = new Date(Date.now() + 8 * 3600_000);
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return month.toISOString().slice(0, 7);
}
