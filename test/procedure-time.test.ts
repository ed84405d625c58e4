import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockRules, clocks, steps } from '../db/schema.ts';
import { importCalendarYear, parseCalendarFile } from '../resolvers/procedure/calendar.ts';
import { graphql } from './graphql.ts';
import { MIB, ok, POLICE, step, transferredMatter } from './procedure.ts';
import { startWorld, type World } from './world.ts';

/** Steps as they happened, clocks that wait for a year's calendar, and retries that see the first result. */

let world: World;
beforeAll(async () => {
  world = await startWorld('in-process', { ownDatabase: true });
});
afterAll(() => world?.stop());

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const CLOCKS = graphql(`query($id: ID!) { matter(id: $id) {
  clocks { code startedAt dueAt pendingReason closedAt }
  timeline { action occurredAt recordedAt }
} }`);
const clocksOf = async (id: string) => (await world.as(MIB.officer, CLOCKS, { id })).data!.matter!;

describe('a step may be recorded as it happened', () => {
  it('counts the clocks it starts from the moment it happened, and shows both moments on the timeline', async () => {
    const matter = await transferredMatter(world);
    await world.db
      .update(steps)
      .set({ takenAt: new Date(Date.now() - 5 * DAY) })
      .where(eq(steps.matterId, matter.id));
    const signed = Date.now() - 2 * DAY;
    expect(
      (await step(world, POLICE.officer, 'acceptTransfer', matter.id, {}, { occurredAt: iso(signed) })).errors,
    ).toBeUndefined();
    const view = await clocksOf(matter.id);
    const receipt = view.timeline.find((t) => t.action === 'acceptTransfer')!;
    expect(Date.parse(receipt.occurredAt)).toBe(signed);
    expect(Date.parse(receipt.recordedAt)).toBeGreaterThan(signed + DAY);
    const review = view.clocks.find((c) => c.code === 'T8' && !c.closedAt)!;
    expect(Date.parse(review.startedAt)).toBe(signed);
    const forwarding = view.clocks.find((c) => c.code === 'T7')!;
    expect(Date.parse(forwarding.dueAt!)).toBe(signed + 24 * 3600_000);
  });

  it('refuses a moment in the future, before the previous step, or beyond the window for anyone but a head', async () => {
    const matter = await transferredMatter(world);
    const future = await step(
      world,
      POLICE.officer,
      'acceptTransfer',
      matter.id,
      {},
      { occurredAt: iso(Date.now() + DAY) },
    );
    expect(future.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurredAt' });
    const [transfer] = await world.db
      .select({ at: steps.takenAt })
      .from(steps)
      .where(and(eq(steps.matterId, matter.id), eq(steps.action, 'transferToPolice')));
    const before = await step(
      world,
      POLICE.officer,
      'acceptTransfer',
      matter.id,
      {},
      { occurredAt: iso(transfer.at.getTime() - 1000) },
    );
    expect(before.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurredAt' });
    expect(before.errors?.[0].message).toMatch(/previous step/);
    const stored = await world.db.select().from(steps).where(eq(steps.matterId, matter.id));
    expect(stored.map((s) => s.action)).not.toContain('acceptTransfer');
  });

  it('lets a head, and only a head, date a step further back than the window', async () => {
    const matter = await transferredMatter(world);
    await world.db
      .update(steps)
      .set({ takenAt: new Date(Date.now() - 30 * DAY) })
      .where(eq(steps.matterId, matter.id));
    const longAgo = iso(Date.now() - 10 * DAY);
    const officer = await step(world, POLICE.officer, 'acceptTransfer', matter.id, {}, { occurredAt: longAgo });
    expect(officer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurredAt' });
    expect(officer.errors?.[0].message).toMatch(/more than 7 days/);
    expect(
      (await step(world, POLICE.head, 'acceptTransfer', matter.id, {}, { occurredAt: longAgo })).errors,
    ).toBeUndefined();
  });
});

describe('a year without a calendar blocks nothing', () => {
  it('keeps the clock with its deadline pending and the reason shown, then computes it when the year is imported', async () => {
    const matter = await transferredMatter(world);
    await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
    // An operator's rule whose period ends in a year no calendar covers yet.
    const year = new Date().getUTCFullYear() + 20;
    await world.db
      .update(clockRules)
      .set({ amount: 20 * 366, unit: 'DAYS' })
      .where(and(eq(clockRules.code, 'T6'), eq(clockRules.basis, 'STANDARD'), eq(clockRules.variant, 'STANDARD')));
    expect(await ok(world, POLICE.officer, 'requestSupplement', matter.id, { missing: '询问笔录原件' })).toBe(
      'SUPPLEMENT_REQUESTED',
    );
    const pending = (await clocksOf(matter.id)).clocks.find((c) => c.code === 'T6')!;
    expect(pending).toMatchObject({ dueAt: null, closedAt: null });
    expect(pending.pendingReason).toMatch(new RegExp(`no holiday calendar for ${year}`));
    const duties = await world.as(MIB.officer, '{ myClocks { code pendingReason } }');
    expect(duties.data.myClocks).toContainEqual({ code: 'T6', pendingReason: pending.pendingReason });

    const file = parseCalendarFile(`# test year\n${year}-01-01,RESTDAY,元旦\n${year}-02-07,WORKDAY,调休`);
    if ('errors' in file) throw new Error(file.errors.join('; '));
    expect(await importCalendarYear(world.db, file.year, file.days, 'test')).toBeGreaterThanOrEqual(1);
    const computed = (await clocksOf(matter.id)).clocks.find((c) => c.code === 'T6')!;
    expect(computed.pendingReason).toBeNull();
    expect(computed.dueAt?.slice(0, 4)).toBe(String(year));
  });

  it('reads a calendar file line by line and names every bad line, taking nothing', () => {
    const result = parseCalendarFile(
      '2027-01-01,RESTDAY,元旦\n2027-02-30,RESTDAY,春节\n2027-01-01,WORKDAY,x\n2027-02-06,HOLIDAY,y\n2028-01-01,RESTDAY,z',
    );
    expect(result).toEqual({
      errors: [
        'line 2: date "2027-02-30" is not a calendar date (YYYY-MM-DD)',
        'line 3: date 2027-01-01 is listed twice',
        'line 4: kind "HOLIDAY" must be RESTDAY or WORKDAY',
        'the file mixes years (2027, 2028); import one year at a time',
      ],
    });
  });
});

describe('duties due at once', () => {
  it('show the police’s receipt (T4) in myClocks', async () => {
    await transferredMatter(world);
    const duties = await world.as(POLICE.officer, '{ myClocks { code dueAt } }');
    expect(duties.data.myClocks).toContainEqual({ code: 'T4', dueAt: null });
  });
});

describe('idempotent retries', () => {
  it('answer twenty concurrent retries of one step with one key with the same success, and take the step once', async () => {
    const matter = await transferredMatter(world);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        step(world, POLICE.officer, 'acceptTransfer', matter.id, {}, { key: `retry-${matter.id}` }),
      ),
    );
    expect(results.map((r) => r.errors)).toEqual(Array(20).fill(undefined));
    expect(new Set(results.map((r) => r.data.acceptTransfer.stage))).toEqual(new Set(['ACCEPTED']));
    const taken = await world.db
      .select()
      .from(steps)
      .where(and(eq(steps.matterId, matter.id), eq(steps.action, 'acceptTransfer')));
    expect(taken).toHaveLength(1);
    const review = await world.db
      .select()
      .from(clocks)
      .where(and(eq(clocks.matterId, matter.id), eq(clocks.code, 'T8')));
    expect(review).toHaveLength(1);
  });
});
