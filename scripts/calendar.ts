import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadConfig } from '../config.ts';
import { PERIOD_UNITS } from '../domain/time.ts';
import { parseCommand } from '../server/command.ts';

/**
 * Operator commands for the clocks, effective within a minute and without a release:
 *   npm run calendar -- import 2027.csv "国务院办公厅关于2027年部分节假日安排的通知"   (the whole year at once)
 *   npm run calendar -- add-year 2027 "国务院办公厅关于2027年部分节假日安排的通知"
 *   npm run calendar -- set-day 2027-01-01 RESTDAY 元旦       (also WORKDAY for an adjusted working day)
 *   npm run calendar -- set-rule T8 STANDARD VERIFY 7 DAYS "吉医保联〔2023〕28号 三(四)"
 *   npm run calendar -- list 2027
 * Add a year's holidays and adjusted working days with set-day first, then add-year to declare it complete.
 */
const USAGE = `
usage: npm run calendar -- <command>

  import FILE [NOTE]                   a year's official days, one "YYYY-MM-DD,RESTDAY|WORKDAY,note" per line;
                                       every line is checked and nothing is written unless all are good
  add-year YEAR [NOTE]                 declare a year's calendar complete
  set-day YYYY-MM-DD WORKDAY|RESTDAY [NOTE]
  set-rule CODE BASIS VARIANT AMOUNT UNIT [CITATION]
                                       change a clock's period (AMOUNT a whole number or AT_ONCE; UNIT HOURS, DAYS or MONTHS)
  list [YEAR]                          the days set for a year, and the years added

Pending deadlines are computed as soon as their year is added. On the embedded database, stop the hub first.
`;
const {
  positionals: [command, ...args],
} = parseCommand(USAGE, {});
const config = loadConfig();
// The rest loads once the command line and the configuration hold: a usage or a refusal answers at once.
const { sql } = await import('drizzle-orm');
const { calendarOverrides, calendarYears, clockRules } = await import('../db/schema.ts');
const { HolidayCalendar, importCalendarYear, isCalendarDate, parseCalendarFile } = await import(
  '../resolvers/procedure/calendar.ts'
);
const { computePendingClocks } = await import('../resolvers/procedure/clocks.ts');
const { STEP_CODES } = await import('../resolvers/steps/index.ts');
const { openForCommand } = await import('../server/lifecycle.ts');
const database = await openForCommand(config);
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
try {
  await database.migrate();
  const db = database.db;
  if (command === 'import') {
    const file = args[0] ?? fail('import takes a file: one day per line, YYYY-MM-DD,RESTDAY|WORKDAY,note');
    const parsed = parseCalendarFile(readFileSync(file, 'utf8'));
    if ('errors' in parsed) fail(`${file}: nothing imported\n${parsed.errors.join('\n')}`);
    const { year, days } = parsed as Exclude<typeof parsed, { errors: string[] }>;
    const computed = await importCalendarYear(db, year, days, args[1] ?? basename(file));
    console.log(`${year}: ${days.length} days imported; ${computed} pending deadlines computed`);
  } else if (command === 'add-year') {
    const year = Number(args[0]);
    if (!Number.isInteger(year) || year < 2004 || year > 2100) fail('add-year takes a year, e.g. 2027');
    await db
      .insert(calendarYears)
      .values({ year, note: args[1] ?? '' })
      .onConflictDoUpdate({ target: calendarYears.year, set: { note: args[1] ?? '' } });
    const computed = await computePendingClocks(db, await HolidayCalendar.load(db));
    console.log(
      `${year} is now counted by the calendar; its days not set are weekends off, weekdays on; ${computed} pending deadlines computed`,
    );
  } else if (command === 'set-day') {
    const [day, kind, note = ''] = args;
    if (!isCalendarDate(day ?? '')) fail('set-day takes a calendar date, YYYY-MM-DD');
    if (kind !== 'WORKDAY' && kind !== 'RESTDAY') fail('set-day takes WORKDAY or RESTDAY');
    await db
      .insert(calendarOverrides)
      .values({ day, kind: kind as 'WORKDAY', note })
      .onConflictDoUpdate({ target: calendarOverrides.day, set: { kind: kind as 'WORKDAY', note } });
    console.log(`${day} is a ${kind}`);
  } else if (command === 'set-rule') {
    const [code, basis, variant, amount, unit, ...citation] = args;
    if (!(code in STEP_CODES.labels)) fail(`unknown step ${code}`);
    if (basis !== 'STANDARD' && basis !== 'ECONOMIC_CRIME') fail('basis is STANDARD or ECONOMIC_CRIME');
    if (!(PERIOD_UNITS as readonly string[]).includes(unit)) fail(`unit is ${PERIOD_UNITS.join(', ')}`);
    const value = amount === 'AT_ONCE' ? null : Number(amount);
    if (value !== null && (!Number.isInteger(value) || value < 1))
      fail('amount is a positive whole number, or AT_ONCE');
    const row = {
      code,
      basis: basis as 'STANDARD',
      variant,
      amount: value,
      unit: unit as 'DAYS',
      citation: citation.join(' ') || 'operator',
    };
    await db
      .insert(clockRules)
      .values(row)
      .onConflictDoUpdate({ target: [clockRules.code, clockRules.basis, clockRules.variant], set: row });
    console.log(`${code} ${basis}/${variant}: ${amount} ${unit}`);
  } else if (command === 'list') {
    const year = args[0] ?? String(new Date().getFullYear());
    console.log(
      await db
        .select()
        .from(calendarOverrides)
        .where(sql`${calendarOverrides.day}::text like ${`${year}-%`}`),
    );
    console.log(await db.select().from(calendarYears));
  } else {
    fail(USAGE.trim());
  }
} finally {
  await database.close();
}
