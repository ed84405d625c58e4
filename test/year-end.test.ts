import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCalendarYear, parseCalendarFile } from '../resolvers/procedure/calendar.ts';
import { type MatterView, MIB, ok, openMatter, POLICE, step, TRANSFER_ATTACHMENTS, viewMatter } from './procedure.ts';
import { setTestClock } from './test-clock.ts';
import { startWorld, type World } from './world.ts';

/**
 * On 20 December the periods of a case run into a year the official calendar does not have yet: their deadlines wait,
 * saying why, and are computed the moment an operator imports the year (`npm run calendar -- import`).
 */

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const CALENDAR_2027 = `# 国务院办公厅关于2027年部分节假日安排的通知 (as a test imports it)
2027-01-01,RESTDAY,元旦
2027-01-02,RESTDAY,元旦
2027-01-03,RESTDAY,元旦
`;

let world: World;
let suiteClock: () => void;
beforeAll(async () => {
  suiteClock = setTestClock('2026-12-20T10:00:00+08:00');
  world = await startWorld('in-process', { ownDatabase: true });
});
afterAll(async () => {
  await world?.stop();
  suiteClock?.();
});

const view = (id: string) => viewMatter(world, MIB.officer, id);

/** What an operator runs: the command against PostgreSQL; on PGlite, whose database lives in this process, its work. */
async function importYear(text: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'hub-calendar-')), '2027.csv');
  writeFileSync(file, text);
  if (!world.config.databaseUrl) {
    const parsed = parseCalendarFile(text);
    if ('errors' in parsed) throw new Error(parsed.errors.join('\n'));
    return `${await importCalendarYear(world.db, parsed.year, parsed.days, '2027.csv')} pending deadlines computed`;
  }
  const { stdout } = await run(process.execPath, ['scripts/calendar.ts', 'import', file], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: world.config.databaseUrl },
  });
  return stdout;
}

describe('a case worked over the turn of the year', () => {
  it('shows deadlines in 2027 as pending with their reason, never shortens them, and dates them once 2027 is imported', async () => {
    const matter = await openMatter(world);
    await ok(world, MIB.officer, 'submitTransferReport', matter.id, {
      officerIds: [MIB.officer, MIB.officer2],
      report: '经核实，涉嫌诈骗罪。',
    });
    await ok(world, MIB.head, 'decideTransfer', matter.id, { approved: true });
    await ok(world, MIB.officer, 'transferToPolice', matter.id, { attachments: TRANSFER_ATTACHMENTS });
    await ok(world, POLICE.officer, 'acceptTransfer', matter.id, { note: '材料齐全' });

    // 3 days from Sunday 20 December: Wednesday 23 December, inside 2026.
    const standard = (await view(matter.id)).clocks.find((c) => c.code === 'T8' && !c.closedAt);
    expect(standard).toMatchObject({ dueAt: '2026-12-24T00:00:00.000+08:00', pendingReason: null });

    // 30 days: 19 January 2027, a year the calendar does not have yet.
    await ok(world, POLICE.head, 'extendFilingReview', matter.id, { variant: 'MAJOR', reasons: '案情重大复杂' });
    const major = (await view(matter.id)).clocks.find((c) => c.code === 'T8' && !c.closedAt)!;
    expect(major.dueAt).toBeNull();
    expect(major.remainingSeconds).toBeNull();
    expect(major.overdue).toBe(false);
    expect(major.pendingReason).toMatch(/no holiday calendar for 2027 yet.*npm run calendar -- import/);

    // 7 days would end on 27 December, before the pending 19 January: refused although one end is not dated.
    const shorter = await step(world, POLICE.officer, 'extendFilingReview', matter.id, {
      variant: 'VERIFY',
      reasons: '需查证',
    });
    expect(shorter.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.variant' });
    expect(shorter.errors?.[0].message).toMatch(/never shortens/);
    expect((await view(matter.id)).clocks.find((c) => c.code === 'T8' && !c.closedAt)).toEqual(major);

    await ok(world, POLICE.head, 'decideFiling', matter.id, { filed: true, policeCaseNumber: '南公立字〔2026〕901号' });
    await ok(world, MIB.officer, 'handOverItems', matter.id, { items: [{ kind: 'ITEM_LIST', title: '账册12本' }] });
    const before = await view(matter.id);
    const reviews = (m: MatterView) => m.clocks.filter((c) => c.code === 'T8').map((c) => [c.dueAt, c.pendingReason]);
    expect(reviews(before)).toHaveLength(2);
    expect(reviews(before)).toEqual(
      expect.arrayContaining([
        ['2026-12-24T00:00:00.000+08:00', null],
        [null, expect.stringMatching(/2027/)],
      ]),
    );
    expect(before.timeline.find((s) => s.code === 'T9')).toMatchObject({ dueAt: null, late: false });

    expect(await importYear(CALENDAR_2027)).toMatch(/[1-9]\d* pending deadlines computed/);

    const after = await view(matter.id);
    // 24:00 Tuesday 19 January 2027 in Shanghai.
    expect(reviews(after)).toEqual(
      expect.arrayContaining([
        ['2026-12-24T00:00:00.000+08:00', null],
        ['2027-01-20T00:00:00.000+08:00', null],
      ]),
    );
    expect(after.timeline.find((s) => s.code === 'T9')).toMatchObject({
      dueAt: '2027-01-20T00:00:00.000+08:00',
      late: false,
    });
    expect(after.clocks.filter((c) => c.pendingReason)).toEqual([]);
  });
});
