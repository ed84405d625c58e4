import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies, auditEvents, certificates, people } from '../db/schema.ts';
import { DEMO_REGISTRY } from '../resolvers/registry/demo.ts';
import { REGISTRY_COLUMNS } from '../resolvers/registry/file.ts';
import { importRegistry } from '../resolvers/registry/import.ts';
import { startWorld, type World } from './world.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'hub-registry-'));

const HEADER = REGISTRY_COLUMNS.join(',');
const agencyRow = (
  id: string,
  kind: string,
  level: string,
  division: string,
  parent: string,
  name: string,
  short: string,
) => `agency,${id},${kind},${level},${division},${parent},${name},${short},,,,,,,`;
const personRow = (
  id: string,
  agency: string,
  name: string,
  subject: string,
  positions: string,
  certs = '',
  from = '2025-01-01',
  to = '',
) => `person,${id},,,,,${name},,${agency},urn:idp:hlj,${subject},${positions},${certs},${from},${to}`;

/** A province of its own (黑龙江), so the import touches nothing other tests use. */
const GOOD = [
  HEADER,
  agencyRow('mib-230100', 'MIB', 'CITY', '230100', 'mib-230000', '哈尔滨市医疗保障局', '哈医保'),
  agencyRow('mib-230000', 'MIB', 'PROVINCE', '230000', '', '黑龙江省医疗保障局', '黑医保'),
  personRow(
    'mib-230100-officer-1',
    'mib-230100',
    '赵执法',
    'hlj-0001',
    'MIB_OFFICER',
    'HL2301000001:2025-01-01:2030-12-31',
  ),
  personRow(
    'mib-230100-head',
    'mib-230100',
    '钱局长',
    'hlj-0002',
    'MIB_HEAD;MIB_OFFICER',
    'HL2301000002:2025-01-01:2030-12-31',
  ),
];

const BAD = [
  HEADER,
  agencyRow('mib-230000', 'MIB', 'PROVINCE', '230000', '', '黑龙江省医疗保障局', '黑医保'), // 2: good
  agencyRow('mib-239999', 'MIB', 'COUNTY', '239999', 'mib-230000', '不存在区医疗保障局', '无医保'), // 3: no such division
  agencyRow('mib-230200', 'MIB', 'COUNTY', '230200', 'mib-230000', '齐齐哈尔市医疗保障局', '齐医保'), // 4: level
  agencyRow('police-230100', 'POLICE', 'CITY', '230100', 'mib-230000', '哈尔滨市公安局', '哈公'), // 5: parent of another kind
  agencyRow('mib-230300', 'HOSPITAL', 'CITY', '230300', 'mib-230000', '鸡西市医院', '鸡医'), // 6: kind
  personRow('mib-230000-a', 'mib-230000', '孙执法', 'hlj-1', 'MIB_OFFICER', 'hl-1:2025-01-01:2030-12-31'), // 7: certificate
  personRow('mib-230000-b', 'mib-230000', '李执法', 'hlj-2', 'JUDGE'), // 8: position of another kind
  personRow('mib-230000-c', 'mib-239000', '周执法', 'hlj-3', 'MIB_OFFICER'), // 9: no agency
  personRow('mib-230000-d', 'mib-230000', '吴执法', 'hlj-2', 'MIB_OFFICER'), // 10: subject taken (line 8)
  personRow('mib-230000-d', 'mib-230000', '郑执法', 'hlj-5', 'MIB_OFFICER'), // 11: duplicate id
  personRow('mib-230000-e', 'mib-230000', '王执法', 'hlj-6', 'MIB_OFFICER', '', '2025-02-30'), // 12: date
];

describe('npm run registry -- import', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld('in-process', { ownDatabase: true });
  });
  afterAll(async () => world?.stop());

  const sizes = async () => ({
    agencies: (await world.db.select({ n: count() }).from(agencies))[0].n,
    people: (await world.db.select({ n: count() }).from(people))[0].n,
    certificates: (await world.db.select({ n: count() }).from(certificates))[0].n,
    audit: (await world.db.select({ n: count() }).from(auditEvents))[0].n,
  });

  it('reports every bad row with its line and field, and writes nothing', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, `\uFEFF${BAD.join('\r\n')}\r\n`);
    const before = await sizes();
    const result = await importRegistry(world.db, path);
    expect(result.written).toBe(false);
    const seen = result.problems.map((p) => `${p.line}:${p.field}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        '3:divisionCode',
        '4:level',
        '5:parentId',
        '6:kind',
        '7:certificates.0.number',
        '8:positions.0',
        '9:agencyId',
        '11:id',
        '12:active_from',
      ]),
    );
    expect(seen).toContain('10:subject');
    expect(result.problems.every((p) => p.line !== 2)).toBe(true);
    expect(await sizes()).toEqual(before);
  });

  it('imports an XLSX in one transaction with an audit entry per record; --dry-run and a second run change nothing', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('registry');
    for (const line of GOOD) sheet.addRow(line.split(','));
    // What Excel does to a typed-in division code: a number.
    sheet.getCell('E2').value = 230100;
    const path = join(dir, 'good.xlsx');
    await workbook.xlsx.writeFile(path);
    const before = await sizes();
    const dry = await importRegistry(world.db, path, { dryRun: true });
    expect(dry.problems).toEqual([]);
    expect(dry.changes.map((c) => c.change)).toEqual(['ADDED', 'ADDED', 'ADDED', 'ADDED']);
    expect(await sizes()).toEqual(before);
    const real = await importRegistry(world.db, path);
    expect(real.written).toBe(true);
    expect(await sizes()).toEqual({
      agencies: before.agencies + 2,
      people: before.people + 2,
      certificates: before.certificates + 2,
      audit: before.audit + 4,
    });
    const [head] = await world.db.select().from(people).where(eq(people.id, 'mib-230100-head'));
    expect(head).toMatchObject({ issuer: 'urn:idp:hlj', subject: 'hlj-0002', positions: ['MIB_HEAD', 'MIB_OFFICER'] });
    const again = await importRegistry(world.db, path);
    expect(again.changes.every((c) => c.change === 'UNCHANGED')).toBe(true);
  });

  it('is a command: lines on stderr and exit 1 for a bad file, what would change with --dry-run', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hub-registry-cmd-'));
    const env = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development' };
    const bad = join(dir, 'bad.csv');
    await expect(run(process.execPath, ['scripts/registry.ts', 'import', bad], { env })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /bad\.csv:3: divisionCode: 239999 is not a GB\/T 2260 division[\s\S]*nothing was written/,
      ),
    });
    const { stdout } = await run(process.execPath, ['scripts/registry.ts', 'import', DEMO_REGISTRY, '--dry-run'], {
      env,
    });
    expect(stdout).toMatch(/would import: \d+ added, \d+ changed, \d+ unchanged/);
    // Two commands, each starting an embedded database of its own: 40–60 s on a busy 2-core machine.
  }, 300_000);
});
