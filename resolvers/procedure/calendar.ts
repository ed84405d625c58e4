import { createRequire } from 'node:module';
import type { Db } from '../../db/client.js';
import { calendarOverrides, calendarYears } from '../../db/schema.js';
import { HubError } from '../../domain/errors.js';

const require = createRequire(import.meta.url);

/** The official calendar as published by the State Council, from the chinese-days package (2004–2026). */
const published: {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
} = require('chinese-days/dist/chinese-days.json');
const PUBLISHED_YEARS = new Set(Object.keys(published.holidays).map((day) => Number(day.slice(0, 4))));

export type DayKind = 'WORKDAY' | 'RESTDAY';

export class CalendarMissingError extends HubError {
  constructor(year: number) {
    super(
      'WRONG_STATE',
      `no holiday calendar for ${year}: an operator must add it (npm run calendar) before deadlines in ${year} can be counted`,
    );
  }
}

/**
 * Working and rest days by the official calendar with its adjusted working days (调休), with operator overrides
 * on top. It refuses a year it has no calendar for rather than guess from weekends.
 */
export class HolidayCalendar {
  constructor(
    private readonly overrides: Map<string, DayKind> = new Map(),
    private readonly addedYears: Set<number> = new Set(),
  ) {}

  static async load(db: Db) {
    const [days, years] = await Promise.all([db.select().from(calendarOverrides), db.select().from(calendarYears)]);
    return new HolidayCalendar(new Map(days.map((d) => [d.day, d.kind])), new Set(years.map((y) => y.year)));
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

/** Reloaded every minute, so an operator's change takes effect without a restart. */
export async function currentCalendar(db: Db) {
  if (!cached || cached.db !== db || cached.until < Date.now()) {
    cached = { calendar: await HolidayCalendar.load(db), until: Date.now() + 60_000, db };
  }
  return cached.calendar;
}

export const forgetCalendar = () => {
  cached = undefined;
};
