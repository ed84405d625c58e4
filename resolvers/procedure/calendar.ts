import { createRequire } from 'node:module';
import type { Db } from '../../db/client.ts';
import { calendarOverrides, calendarYears } from '../../db/schema.ts';
import { HubError } from '../../domain/errors.ts';
import { isCalendarDate } from '../../domain/validate.ts';
import { computePendingClocks } from './clocks.ts';

const require = createRequire(import.meta.url);

/** The official calendar as published by the State Council, from the chinese-days package (2004–2026). */
const published: {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
} = require('chinese-days/dist/chinese-days.json');
const PUBLISHED_YEARS = new Set(Object.keys(published.holidays).map((day) => Number(day.slice(0, 4))));

export type DayKind = 'WORKDAY' | 'RESTDAY';

export class CalendarMissingError extends HubError {
  readonly year: number;

  constructor(year: number) {
    super(
      'WRONG_STATE',
      `no holiday calendar for ${year} yet: the deadline is computed as soon as an operator adds the year (npm run calendar -- import FILE)`,
    );
    this.year = year;
  }
}

/**
 * Working and rest days by the official calendar with its adjusted working days (调休), with operator overrides
 * on top. It refuses a year it has no calendar for rather than guess from weekends.
 */
export class HolidayCalendar {
  private readonly overrides: Map<string, DayKind>;
  private readonly addedYears: Set<number>;

  constructor(overrides: Map<string, DayKind> = new Map(), addedYears: Set<number> = new Set()) {
    this.overrides = overrides;
    this.addedYears = addedYears;
  }

  static async load(db: Db) {
    const [days, years] = await Promise.all([db.select().from(calendarOverrides), db.select().from(calendarYears)]);
    return new HolidayCalendar(new Map(days.map((d) => [d.day, d.kind])), new Set(years.map((y) => y.year)));
  }

  hasSameYearsAs(other: HolidayCalendar) {
    return this.addedYears.size === other.addedYears.size && [...this.addedYears].every((y) => other.addedYears.has(y));
  }

  covers(year: number) {
    return PUBLISHED_YEARS.has(year) || this.addedYears.has(year);
  }

  /** `day` is a calendar date in Asia/Shanghai, "YYYY-MM-DD". */
  kindOf(day: string): DayKind {
    const year = Number(day.slice(0, 4));
    if (!this.covers(year)) throw new CalendarMissingError(year);
    const override = this.overrides.get(day);
    if (override) return override;
    if (published.workdays[day]) return 'WORKDAY';
    if (published.holidays[day]) return 'RESTDAY';
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday === 0 || weekday === 6 ? 'RESTDAY' : 'WORKDAY';
  }
}

let cached: { calendar: HolidayCalendar; until: number; db: Db } | undefined;

/**
 * Reloaded every minute, so an operator's change takes effect without a restart; when a year has been added since,
 * the deadlines pending for it are computed.
 */
export async function currentCalendar(db: Db) {
  if (!cached || cached.db !== db || cached.until < Date.now()) {
    const previous = cached?.db === db ? cached.calendar : undefined;
    const calendar = await HolidayCalendar.load(db);
    cached = { calendar, until: Date.now() + 60_000, db };
    if (previous && !calendar.hasSameYearsAs(previous)) await computePendingClocks(db, calendar);
  }
  return cached.calendar;
}

export const forgetCalendar = () => {
  cached = undefined;
};

export interface CalendarDay {
  day: string;
  kind: DayKind;
  note: string;
}

export { isCalendarDate };

/**
 * Reads a year's official calendar as published by the State Council: one day per line, `YYYY-MM-DD,KIND,note`
 * (KIND is RESTDAY for a holiday, WORKDAY for an adjusted working day, 调休); `#` starts a comment. Every line is
 * checked; the problems come back with their line numbers and nothing is taken unless there are none.
 */
export function parseCalendarFile(text: string): { year: number; days: CalendarDay[] } | { errors: string[] } {
  const errors: string[] = [];
  const days: CalendarDay[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line || /^date\s*,/i.test(line)) continue;
    const [day = '', kind = '', ...note] = line.split(',').map((cell) => cell.trim());
    const at = `line ${index + 1}`;
    if (!isCalendarDate(day)) errors.push(`${at}: date "${day}" is not a calendar date (YYYY-MM-DD)`);
    else if (seen.has(day)) errors.push(`${at}: date ${day} is listed twice`);
    if (kind !== 'RESTDAY' && kind !== 'WORKDAY') errors.push(`${at}: kind "${kind}" must be RESTDAY or WORKDAY`);
    seen.add(day);
    days.push({ day, kind: kind as DayKind, note: note.join(',') });
  }
  const years = new Set(days.filter((d) => isCalendarDate(d.day)).map((d) => Number(d.day.slice(0, 4))));
  if (days.length === 0) errors.push('the file lists no days');
  if (years.size > 1) errors.push(`the file mixes years (${[...years].sort().join(', ')}); import one year at a time`);
  if (errors.length) return { errors };
  return { year: [...years][0], days };
}

/** Adds a year's calendar in one transaction and computes the deadlines that were waiting for it. */
export async function importCalendarYear(db: Db, year: number, days: CalendarDay[], note: string) {
  await db.transaction(async (tx) => {
    for (const day of days) {
      await tx
        .insert(calendarOverrides)
        .values(day)
        .onConflictDoUpdate({ target: calendarOverrides.day, set: { kind: day.kind, note: day.note } });
    }
    await tx
      .insert(calendarYears)
      .values({ year, note })
      .onConflictDoUpdate({ target: calendarYears.year, set: { note } });
  });
  forgetCalendar();
  return computePendingClocks(db, await HolidayCalendar.load(db));
}
