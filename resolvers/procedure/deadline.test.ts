import { describe, expect, it } from 'vitest';
import { HolidayCalendar } from './calendar.ts';
import { deadline, dueAt, endsLater } from './deadline.ts';

const at = (iso: string) => new Date(iso);
const published = new HolidayCalendar();
const days = (amount: number) => ({ amount, unit: 'DAYS' as const });

describe('deadlines counted as CPL art. 105 says', () => {
  it('runs a 24-hour period from the exact moment across midnight and a holiday, never extended', () => {
    expect(deadline(at('2026-09-30T20:15:00+08:00'), { amount: 24, unit: 'HOURS' }, published)).toEqual(
      at('2026-10-01T20:15:00+08:00'),
    );
  });

  it('moves a 3-day period ending on a Saturday to 24:00 of the next working day', () => {
    // Wednesday 18 Nov + 3 days = Saturday 21 Nov; Monday 23 Nov is the next working day.
    expect(deadline(at('2026-11-18T10:00:00+08:00'), days(3), published)).toEqual(at('2026-11-24T00:00:00+08:00'));
  });

  it('excludes the starting day and ends at 24:00 Asia/Shanghai, even when started just after midnight UTC+8', () => {
    // Tuesday 10 Nov 00:30 in Shanghai is still 9 Nov in UTC: the count starts from the Shanghai day.
    expect(deadline(at('2026-11-10T00:30:00+08:00'), days(3), published)).toEqual(at('2026-11-14T00:00:00+08:00'));
  });

  it('carries a period ending inside the 2026 National Day holiday to the first working day after it', () => {
    // 29 Sep + 3 = 2 Oct, inside 1–7 Oct; 8 Oct is a working day.
    expect(deadline(at('2026-09-29T09:00:00+08:00'), days(3), published)).toEqual(at('2026-10-09T00:00:00+08:00'));
  });

  it('ends on an adjusted working weekend day (调休) without extension', () => {
    // Sunday 20 Sep 2026 is a working day in lieu of the National Day holiday.
    expect(deadline(at('2026-09-17T15:00:00+08:00'), days(3), published)).toEqual(at('2026-09-21T00:00:00+08:00'));
  });

  it('does not extend a period for a person in custody', () => {
    expect(deadline(at('2026-11-18T10:00:00+08:00'), days(3), published, { inCustody: true })).toEqual(
      at('2026-11-22T00:00:00+08:00'),
    );
  });

  it('ends a month period on the same date, or on the last day of a shorter month', () => {
    // 31 Jan + 1 month = 28 Feb 2026, a Saturday worked in lieu of the Spring Festival: no extension.
    expect(deadline(at('2026-01-31T10:00:00+08:00'), { amount: 1, unit: 'MONTHS' }, published)).toEqual(
      at('2026-03-01T00:00:00+08:00'),
    );
    // 31 Mar + 1 month = 30 Apr, a Thursday: April has no 31st.
    expect(deadline(at('2026-03-31T10:00:00+08:00'), { amount: 1, unit: 'MONTHS' }, published)).toEqual(
      at('2026-05-01T00:00:00+08:00'),
    );
  });

  it('refuses a year it has no calendar for rather than count weekends', () => {
    expect(() => deadline(at('2026-12-30T10:00:00+08:00'), days(3), published)).toThrowError(
      /no holiday calendar for 2027/,
    );
  });

  it('counts by an operator override: an added year and a changed day', () => {
    const withOverrides = new HolidayCalendar(
      new Map([
        ['2027-01-04', 'RESTDAY'],
        ['2026-11-21', 'WORKDAY'],
      ]),
      new Set([2027]),
    );
    // 1–3 Jan 2027 are the weekend and New Year's Day (entered by the operator as Friday 1 Jan rest and the weekend); 4 Jan made a rest day.
    expect(deadline(at('2026-12-29T10:00:00+08:00'), days(3), withOverrides)).toEqual(at('2027-01-02T00:00:00+08:00'));
    expect(deadline(at('2026-12-30T10:00:00+08:00'), days(3), withOverrides)).toEqual(at('2027-01-06T00:00:00+08:00'));
    // Saturday 21 Nov 2026 made a working day: no extension to Monday.
    expect(deadline(at('2026-11-18T10:00:00+08:00'), days(3), withOverrides)).toEqual(at('2026-11-22T00:00:00+08:00'));
  });
});

describe('the administrative penalty’s clocks, counted as 行政处罚法 counts them', () => {
  const workingDays = (amount: number) => ({ amount, unit: 'WORKING_DAYS' as const });

  it('serves a decision within 7 working days across the 2026 National Day holiday and its adjusted Saturday (art. 85)', () => {
    // Decided Tue 29 Sep: 30 Sep (1); 1–7 Oct off; 8, 9 Oct (2, 3); Sat 10 Oct worked in lieu (4); 12, 13, 14 Oct (5–7).
    expect(deadline(at('2026-09-29T16:00:00+08:00'), workingDays(7), published)).toEqual(
      at('2026-10-15T00:00:00+08:00'),
    );
  });

  it('counts the adjusted Sunday as a working day and skips the Mid-Autumn Festival', () => {
    // Decided Fri 18 Sep: Sun 20 Sep is worked (1); 21–24 Sep (2–5); Fri 25 Sep (中秋节) and the weekend off; 28, 29 Sep (6, 7).
    expect(deadline(at('2026-09-18T10:00:00+08:00'), workingDays(7), published)).toEqual(
      at('2026-09-30T00:00:00+08:00'),
    );
  });

  it('ends the 7 working days on a working day at 24:00, never on a rest day', () => {
    // Decided Wed 18 Nov: 19, 20, 23, 24, 25, 26, 27 Nov: Friday 27 Nov.
    expect(deadline(at('2026-11-18T10:00:00+08:00'), workingDays(7), published)).toEqual(
      at('2026-11-28T00:00:00+08:00'),
    );
  });

  it('counts the 90 days for a decision in calendar days, moved past the holiday when the last falls in it (art. 60)', () => {
    // Opened 10 Jul: + 90 days is Thursday 8 Oct, a working day.
    expect(deadline(at('2026-07-10T10:00:00+08:00'), days(90), published)).toEqual(at('2026-10-09T00:00:00+08:00'));
    // Opened 5 Jul: + 90 days is Saturday 3 Oct, inside the holiday: 8 Oct.
    expect(deadline(at('2026-07-05T10:00:00+08:00'), days(90), published)).toEqual(at('2026-10-09T00:00:00+08:00'));
  });

  it('waits for next year’s calendar rather than count working days by weekends', () => {
    expect(dueAt(at('2026-12-28T10:00:00+08:00'), workingDays(7), published).pendingReason).toMatch(
      /no holiday calendar for 2027/,
    );
    const with2027 = new HolidayCalendar(new Map([['2027-01-01', 'RESTDAY']]), new Set([2027]));
    // 29, 30, 31 Dec; 1 Jan off; the weekend; 4, 5, 6, 7 Jan.
    expect(dueAt(at('2026-12-28T10:00:00+08:00'), workingDays(7), with2027).dueAt).toEqual(
      at('2027-01-08T00:00:00+08:00'),
    );
  });
});

describe('an extension never shortens an open deadline', () => {
  const accepted = at('2026-12-20T10:00:00+08:00');
  const earlier = at('2026-11-10T10:00:00+08:00');

  it('compares deadlines when the calendar dates both', () => {
    expect(endsLater({ start: earlier, period: days(7) }, { start: earlier, period: days(3) }, published)).toBe(true);
    expect(endsLater({ start: earlier, period: days(3) }, { start: earlier, period: days(7) }, published)).toBe(false);
    // 18 Nov + 3 days is Saturday 21 Nov, moved to Monday 23 Nov; + 4 days is Sunday 22 Nov, moved there too.
    const wednesday = at('2026-11-18T10:00:00+08:00');
    expect(endsLater({ start: wednesday, period: days(4) }, { start: wednesday, period: days(3) }, published)).toBe(
      false,
    );
  });

  it('compares periods when both deadlines wait for next year’s calendar', () => {
    expect(dueAt(accepted, days(30), published).pendingReason).toMatch(/no holiday calendar for 2027/);
    expect(endsLater({ start: accepted, period: days(7) }, { start: accepted, period: days(30) }, published)).toBe(
      false,
    );
    expect(endsLater({ start: accepted, period: days(60) }, { start: accepted, period: days(30) }, published)).toBe(
      true,
    );
  });

  it('compares periods when only one deadline is dated', () => {
    // 20 Dec + 7 days is 27 Dec 2026 (dated); + 30 days is 19 Jan 2027 (pending).
    expect(dueAt(accepted, days(7), published).dueAt).not.toBeNull();
    expect(endsLater({ start: accepted, period: days(7) }, { start: accepted, period: days(30) }, published)).toBe(
      false,
    );
    expect(endsLater({ start: accepted, period: days(30) }, { start: accepted, period: days(7) }, published)).toBe(
      true,
    );
    expect(
      endsLater(
        { start: accepted, period: { amount: 1, unit: 'MONTHS' } },
        { start: earlier, period: days(3) },
        published,
      ),
    ).toBe(true);
  });
});
