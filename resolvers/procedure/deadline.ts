import { type PeriodUnit, shanghaiDay } from '../../domain/time.ts';
import { CalendarMissingError, type HolidayCalendar } from './calendar.ts';

export type { PeriodUnit } from '../../domain/time.ts';

export interface Period {
  amount: number;
  unit: PeriodUnit;
}

const SHANGHAI = 8 * 3600_000;
const DAY = 86_400_000;

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
/** 24:00 Asia/Shanghai at the end of `day`. */
const endOf = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY - SHANGHAI);

function addMonths(day: string, n: number) {
  const [y, m, d] = day.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + n, 1));
  const lastOfMonth = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastOfMonth));
  return target.toISOString().slice(0, 10);
}

/**
 * When a period that starts at `start` ends, counted as CPL art. 105 says: hours run from the exact moment and are
 * never extended; days and months exclude the starting day and end at 24:00 of the last day, which moves to the next
 * working day when it is a holiday or rest day, except for a person in custody. Working days (行政处罚法 art. 85) count
 * only the calendar's working days after the starting day, 调休 weekends included, and end at 24:00 of the last one.
 */
export function deadline(
  start: Date,
  period: Period,
  calendar: HolidayCalendar,
  options: { inCustody?: boolean } = {},
): Date {
  if (period.unit === 'HOURS') return new Date(start.getTime() + period.amount * 3600_000);
  if (period.unit === 'WORKING_DAYS') return endOf(nthWorkingDay(shanghaiDay(start), period.amount, calendar));
  let last = lastDay(start, period);
  calendar.kindOf(last);
  if (!options.inCustody) {
    while (calendar.kindOf(last) === 'RESTDAY') last = addDays(last, 1);
  }
  return endOf(last);
}

/** The `n`th working day after `day` by the calendar (which throws for a year it does not have). */
function nthWorkingDay(day: string, n: number, calendar: Pick<HolidayCalendar, 'kindOf'>) {
  let last = day;
  for (let counted = 0; counted < n; ) {
    last = addDays(last, 1);
    if (calendar.kindOf(last) === 'WORKDAY') counted++;
  }
  return last;
}

/** Monday to Friday only: how working days are ordered when the calendar does not have the year yet. */
const weekdays: Pick<HolidayCalendar, 'kindOf'> = {
  kindOf: (day) => ([0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay()) ? 'RESTDAY' : 'WORKDAY'),
};

/** The Asia/Shanghai day on which a day or month period from `start` ends, before any rest day moves it. */
const lastDay = (start: Date, period: Period) =>
  period.unit === 'DAYS' ? addDays(shanghaiDay(start), period.amount) : addMonths(shanghaiDay(start), period.amount);

/**
 * Where a period from `start` ends before any rest day moves it: known without the calendar, so two periods compare
 * even when a deadline waits for next year's. Moving past rest days never changes their order; working days are
 * ordered by weekdays, never shown as a deadline.
 */
const nominalEnd = (start: Date, period: Period) =>
  period.unit === 'HOURS'
    ? new Date(start.getTime() + period.amount * 3600_000)
    : period.unit === 'WORKING_DAYS'
      ? endOf(nthWorkingDay(shanghaiDay(start), period.amount, weekdays))
      : endOf(lastDay(start, period));

/**
 * Whether the period `next` would end later than `current`: by their deadlines when the calendar dates both, by
 * their periods and starts when either deadline is pending.
 */
export function endsLater(
  next: { start: Date; period: Period },
  current: { start: Date; period: Period },
  calendar: HolidayCalendar,
) {
  const dated = (p: { start: Date; period: Period }) => dueAt(p.start, p.period, calendar).dueAt;
  const [a, b] = [dated(next), dated(current)];
  if (a && b) return a > b;
  return nominalEnd(next.start, next.period) > nominalEnd(current.start, current.period);
}

/**
 * A clock's deadline by its rule: null when due at once. When the last day falls in a year the calendar does not
 * have yet, the deadline is pending with the reason, never guessed from weekends; it is computed once the year is added.
 */
export function dueAt(start: Date, rule: { amount: number | null; unit: PeriodUnit }, calendar: HolidayCalendar) {
  if (rule.amount === null) return { dueAt: null, pendingReason: null };
  try {
    return { dueAt: deadline(start, { amount: rule.amount, unit: rule.unit }, calendar), pendingReason: null };
  } catch (error) {
    if (!(error instanceof CalendarMissingError)) throw error;
    return { dueAt: null, pendingReason: error.message };
  }
}
