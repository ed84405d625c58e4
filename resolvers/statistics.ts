import { type SQL, sql } from 'drizzle-orm';
import type { Context } from '../auth/context.ts';
import { assertCan } from '../auth/policy.ts';
import { anyOf } from '../db/any-of.ts';
import type { Db } from '../db/client.ts';
import { rowsOf, timestamptz } from '../db/rows.ts';
import { agencies, regions } from '../db/schema.ts';
import { type AgencyLevel, BEHAVIOURS, LEAD_SOURCES, STAGES } from '../domain/codes.ts';
import { divisionPrefix, isWithinDivision } from '../domain/divisions.ts';
import { invalid } from '../domain/errors.ts';
import {
  type ClockDimension,
  disclose,
  FUNNEL_STAGES,
  type FunnelStage,
  rateOf,
  type StatDimension,
  type StatSubject,
  type SuppressedCount,
} from '../domain/statistics.ts';
import { isCalendarDate, isDivisionCodeShape } from '../domain/validate.ts';
import { moneyAggregates, stepColumns } from './steps/amounts.ts';
import { STEP_MODULES } from './steps/index.ts';

const STEP_LABELS = Object.fromEntries(STEP_MODULES.map((m) => [m.code, m.label]));

/** What a statistic covers: the divisions under `region`, from the first day to the last (Asia/Shanghai), both included. */
export interface StatScope {
  region: string;
  from: string;
  to: string;
  /** The same as UTC instants: [fromAt, toAt). */
  fromAt: Date;
  toAt: Date;
  prefix: string;
}

const MAX_DAYS = 3 * 366;

const iso = timestamptz;

/** Checks the caller and the scope: a region within the caller's own division, a period of real dates. */
export function statScope(ctx: Context, args: { region: string; from: string; to: string }): StatScope {
  const viewer = ctx.viewer;
  assertCan(viewer, 'statistics:read');
  if (!isDivisionCodeShape(args.region)) throw invalid('region', 'is not a GB/T 2260 division code (six digits)');
  if (!isWithinDivision(args.region, viewer.agency.divisionCode))
    throw invalid('region', `${args.region} is outside ${viewer.agency.name}'s division ${viewer.agency.divisionCode}`);
  if (!isCalendarDate(args.from)) throw invalid('from', 'must be a calendar date, YYYY-MM-DD');
  if (!isCalendarDate(args.to)) throw invalid('to', 'must be a calendar date, YYYY-MM-DD');
  if (args.to < args.from) throw invalid('to', 'must not be before from');
  const fromAt = new Date(`${args.from}T00:00:00+08:00`);
  const toAt = new Date(Date.parse(`${args.to}T00:00:00+08:00`) + 86_400_000);
  if (toAt.getTime() - fromAt.getTime() > MAX_DAYS * 86_400_000)
    throw invalid('to', `the period is at most ${MAX_DAYS} days`);
  return scopeOf(args.region, args.from, args.to);
}

/** The scope of checked arguments: the region's divisions, the days as UTC instants. */
export function scopeOf(region: string, from: string, to: string): StatScope {
  const fromAt = new Date(`${from}T00:00:00+08:00`);
  const toAt = new Date(Date.parse(`${to}T00:00:00+08:00`) + 86_400_000);
  return { region, from, to, fromAt, toAt, prefix: `${divisionPrefix(region)}%` };
}

/** What the statistics need of a request: the database, and the disclosure threshold (0 for a report's own use). */
export type StatContext = Pick<Context, 'db' | 'settings'>;

export interface StatKey {
  dimension: StatDimension;
  value: string;
  label: string;
}

export interface StatRow {
  keys: StatKey[];
  count: SuppressedCount;
  /** Yuan, exact decimal strings; null where the group is suppressed. */
  suspected: string | null;
  defrauded: string | null;
  recovered: string | null;
  returned: string | null;
}

const regionAt = (column: SQL, level: AgencyLevel) =>
  level === 'PROVINCE'
    ? sql`left(${column}, 2) || '0000'`
    : level === 'CITY'
      ? sql`case when right(${column}, 4) = '0000' then ${column} else left(${column}, 4) || '00' end`
      : column;

const month = (column: SQL) => sql`to_char(${column} at time zone 'Asia/Shanghai', 'YYYY-MM')`;

/**
 * Per matter: the amount defrauded (the latest finding sent for prosecution), recovered and returned to the fund,
 * the same figures `Matter.amounts` shows.
 */
const money = moneyAggregates(stepColumns());
const matterAmounts = (scope: StatScope) => sql`select matter_id,
    ${money.latestDefrauded}::numeric as defrauded, ${money.recovered} as recovered, ${money.returned} as returned
  from shared.steps
  where ${money.steps} and matter_id in (
    select id from shared.matters where region_code like ${scope.prefix} and created_at >= ${iso(scope.fromAt)} and created_at < ${iso(scope.toAt)})
  group by matter_id`;

type CountRow = { k: string[]; n: number; suspected: string; defrauded: string; recovered: string; returned: string };

/** Counts and amounts of leads (by the day they were received) or matters (by the day the case was opened). */
export async function statCounts(
  ctx: StatContext,
  scope: StatScope,
  subject: StatSubject,
  groupBy: readonly StatDimension[],
  regionLevel: AgencyLevel = 'COUNTY',
): Promise<StatRow[]> {
  if (new Set(groupBy).size !== groupBy.length) throw invalid('groupBy', 'names a dimension twice');
  if (groupBy.length > 3) throw invalid('groupBy', 'groups by at most 3 dimensions');
  if (subject === 'LEADS' && groupBy.includes('STAGE'))
    throw invalid('groupBy', 'STAGE is a matter’s: group MATTERS by it, not LEADS');
  const leads = subject === 'LEADS';
  const region = leads ? sql`l.region_code` : sql`m.region_code`;
  const at = leads ? sql`l.received_at` : sql`m.created_at`;
  const keyOf: Record<StatDimension, SQL> = {
    REGION: regionAt(region, regionLevel),
    BEHAVIOUR: sql`b.code`,
    SOURCE: sql`l.source`,
    STAGE: sql`m.stage`,
    AGENCY: leads ? sql`l.agency_id` : sql`m.mib_agency_id`,
    MONTH: month(at),
  };
  const keys = groupBy.map((d) => keyOf[d]);
  const keyArray = keys.length ? sql`array[${sql.join(keys, sql`, `)}]::text[]` : sql`array[]::text[]`;
  const groupClause = keys.length ? sql`group by ${sql.join(keys, sql`, `)}` : sql``;
  // A lead counts once under each of its behaviours, which never repeat (resolvers/leads.ts): count(*) is exact.
  const behaviours = groupBy.includes('BEHAVIOUR') ? sql`cross join lateral unnest(l.behaviours) as b(code)` : sql``;
  const query = leads
    ? sql`select ${keyArray} as k, count(*)::int as n,
          coalesce(sum(l.suspected_amount), 0)::numeric(20,2)::text as suspected,
          '0.00' as defrauded, '0.00' as recovered, '0.00' as returned
        from mib.leads l ${behaviours}
        where l.region_code like ${scope.prefix} and l.received_at >= ${iso(scope.fromAt)} and l.received_at < ${iso(scope.toAt)}
        ${groupClause}`
    : sql`with a as (${matterAmounts(scope)})
        select ${keyArray} as k, count(*)::int as n,
          coalesce(sum(l.suspected_amount), 0)::numeric(20,2)::text as suspected,
          coalesce(sum(a.defrauded), 0)::numeric(20,2)::text as defrauded,
          coalesce(sum(a.recovered), 0)::numeric(20,2)::text as recovered,
          coalesce(sum(a.returned), 0)::numeric(20,2)::text as returned
        from shared.matters m join mib.leads l on l.id = m.lead_id left join a on a.matter_id = m.id ${behaviours}
        where m.region_code like ${scope.prefix} and m.created_at >= ${iso(scope.fromAt)} and m.created_at < ${iso(scope.toAt)}
        ${groupClause}`;
  const list = await rowsOf<CountRow>(ctx.db, query);
  const label = await labeller(ctx.db, groupBy, list);
  return list
    .filter((r) => r.n > 0)
    .map((r) => {
      const count = disclose(r.n, ctx.settings.sdcThreshold);
      const money = (v: string) => (count.suppressed ? null : v);
      return {
        keys: groupBy.map((dimension, i) => ({ dimension, value: r.k[i], label: label(dimension, r.k[i]) })),
        count,
        suspected: money(r.suspected),
        defrauded: leads ? null : money(r.defrauded),
        recovered: leads ? null : money(r.recovered),
        returned: leads ? null : money(r.returned),
      };
    })
    .sort((a, b) => compareKeys(a.keys, b.keys));
}

const compareKeys = (a: StatKey[], b: StatKey[]) => {
  for (let i = 0; i < a.length; i++) if (a[i].value !== b[i].value) return a[i].value < b[i].value ? -1 : 1;
  return 0;
};

/** Chinese labels for the values of each dimension: code lists, region and agency names. */
async function labeller(db: Db, groupBy: readonly string[], rows: { k: string[] }[]) {
  const valuesOf = (d: string) => (groupBy.includes(d) ? [...new Set(rows.map((r) => r.k[groupBy.indexOf(d)]))] : []);
  const regionNames = groupBy.includes('REGION')
    ? new Map(
        (
          await db
            .select()
            .from(regions)
            .where(anyOf(regions.code, valuesOf('REGION')))
        ).map((r) => [r.code, r.name]),
      )
    : new Map<string, string>();
  const agencyNames =
    groupBy.includes('AGENCY') || groupBy.includes('CLOCK_AGENCY')
      ? new Map(
          (
            await db
              .select()
              .from(agencies)
              .where(anyOf(agencies.id, [...valuesOf('AGENCY'), ...valuesOf('CLOCK_AGENCY')]))
          ).map((a) => [a.id, a.name]),
        )
      : new Map<string, string>();
  const lists: Record<string, Record<string, string>> = {
    BEHAVIOUR: BEHAVIOURS.labels,
    SOURCE: LEAD_SOURCES.labels,
    STAGE: STAGES.labels,
    STEP: STEP_LABELS,
  };
  return (dimension: string, value: string) => {
    if (dimension === 'REGION') return regionNames.get(value) ?? value;
    if (dimension === 'AGENCY' || dimension === 'CLOCK_AGENCY') return agencyNames.get(value) ?? value;
    if (dimension === 'MONTH') return `${value.slice(0, 4)}年${Number(value.slice(5))}月`;
    return lists[dimension]?.[value] ?? value;
  };
}

export interface FunnelStep {
  stage: FunnelStage;
  count: SuppressedCount;
  /** The share of the stage before that reached this one (0–1); null for the first stage or a suppressed count. */
  conversion: number | null;
  /** The median days from the stage before, among the matters that reached both; null for the first. */
  medianDays: number | null;
}

/** The matters' stages each funnel stage counts (a matter counts once, when it first reached one of them). */
const REACHED: Record<Exclude<FunnelStage, 'LEAD' | 'CASE'>, string[]> = {
  TRANSFERRED: ['TRANSFERRED'],
  FILED: ['FILED'],
  PROSECUTED: ['PROSECUTED'],
  JUDGED: ['JUDGED'],
  EFFECTIVE: ['JUDGMENT_EFFECTIVE'],
};

/**
 * Leads received in the period under the region, and how far their matters got: lead → case → transfer → filed →
 * prosecuted → judged → effective, with conversion rates and median durations.
 */
export async function funnel(ctx: StatContext, scope: StatScope): Promise<FunnelStep[]> {
  const reached = Object.entries(REACHED).map(
    ([stage, stages]) =>
      sql`min(st.taken_at) filter (where st.stage_after in (${sql.join(
        stages.map((s) => sql`${s}`),
        sql`, `,
      )})) as ${sql.raw(stage.toLowerCase())}`,
  );
  const days = (later: SQL, earlier: SQL) =>
    sql`(percentile_cont(0.5) within group (order by extract(epoch from ${later} - ${earlier})) / 86400)::float8`;
  const stagesReached = Object.values(REACHED).flat();
  const inPeriod = sql`l.region_code like ${scope.prefix} and l.received_at >= ${iso(scope.fromAt)} and l.received_at < ${iso(scope.toAt)}`;
  // The steps that reach a funnel stage, once per matter, aggregated on their own: a hash aggregate over those steps
  // is several times cheaper than aggregating all the steps of the period's matters. One pass over the period's leads:
  // a lead without a case counts as a lead, and adds nothing to the other counts or to the medians (nulls).
  const query = sql`with s as (select st.matter_id, ${sql.join(reached, sql`, `)}
      from shared.steps st where st.stage_after in (${sql.join(
        stagesReached.map((stage) => sql`${stage}`),
        sql`, `,
      )}) group by st.matter_id)
    select count(*)::int as lead, count(m.id)::int as "case",
      count(s.transferred)::int as transferred, count(s.filed)::int as filed, count(s.prosecuted)::int as prosecuted,
      count(s.judged)::int as judged, count(s.effective)::int as effective,
      ${days(sql`m.created_at`, sql`l.received_at`)} as case_days,
      ${days(sql`s.transferred`, sql`m.created_at`)} as transferred_days,
      ${days(sql`s.filed`, sql`s.transferred`)} as filed_days,
      ${days(sql`s.prosecuted`, sql`s.filed`)} as prosecuted_days,
      ${days(sql`s.judged`, sql`s.prosecuted`)} as judged_days,
      ${days(sql`s.effective`, sql`s.judged`)} as effective_days
    from mib.leads l left join shared.matters m on m.lead_id = l.id left join s on s.matter_id = m.id
    where ${inPeriod}`;
  const [row] = await rowsOf<Record<string, number | null>>(ctx.db, query);
  let previous: SuppressedCount | null = null;
  return FUNNEL_STAGES.values.map((stage) => {
    const name = stage.toLowerCase();
    const count = disclose(Number(row[name] ?? 0), ctx.settings.sdcThreshold);
    const median = stage === 'LEAD' ? null : row[`${name}_days`];
    const step: FunnelStep = {
      stage,
      count,
      conversion: previous ? rateOf(count, previous) : null,
      medianDays:
        median === null || median === undefined || count.suppressed ? null : Math.round(Number(median) * 10) / 10,
    };
    previous = count;
    return step;
  });
}

export interface ClockStatRow {
  keys: { dimension: ClockDimension; value: string; label: string }[];
  /** Every duty counted here: clocks of the period's matters that are not optional. */
  total: SuppressedCount;
  met: SuppressedCount;
  missed: SuppressedCount;
  /** Still running and not yet due (or due on a day whose calendar is not published yet). */
  open: SuppressedCount;
}

/**
 * Statutory clocks started in the period on matters under the region, as they stood at `now`: met (closed in time, or
 * closed where the step has no time limit), missed (closed late or overdue), open; the three add up to the total.
 */
export async function clockStatistics(
  ctx: StatContext,
  scope: StatScope,
  groupBy: readonly ClockDimension[],
  now = new Date(),
): Promise<ClockStatRow[]> {
  if (new Set(groupBy).size !== groupBy.length) throw invalid('groupBy', 'names a dimension twice');
  const keyOf: Record<ClockDimension, SQL> = { STEP: sql`c.code`, AGENCY: sql`c.agency_id` };
  const keys = groupBy.map((d) => keyOf[d]);
  const keyArray = keys.length ? sql`array[${sql.join(keys, sql`, `)}]::text[]` : sql`array[]::text[]`;
  const groupClause = keys.length ? sql`group by ${sql.join(keys, sql`, `)}` : sql``;
  // As things stood at `now` (a report's month end): a duty done after it was still open, or already missed, then.
  const closedAt = sql`(case when c.closed_at <= ${iso(now)} then c.closed_at end)`;
  const query = sql`select ${keyArray} as k, count(*)::int as total,
      count(*) filter (where ${closedAt} is not null and (c.due_at is null or ${closedAt} <= c.due_at))::int as met,
      count(*) filter (where c.due_at is not null and coalesce(${closedAt}, ${iso(now)}) > c.due_at)::int as missed,
      count(*) filter (where ${closedAt} is null and (c.due_at is null or c.due_at >= ${iso(now)}))::int as open
    from shared.clocks c join shared.matters m on m.id = c.matter_id
    where not c.optional and m.region_code like ${scope.prefix} and c.started_at >= ${iso(scope.fromAt)} and c.started_at < ${iso(scope.toAt)}
    ${groupClause}`;
  const list = await rowsOf<{ k: string[]; total: number; met: number; missed: number; open: number }>(ctx.db, query);
  const dims = groupBy.map((d) => (d === 'AGENCY' ? 'CLOCK_AGENCY' : d));
  const label = await labeller(ctx.db, dims, list);
  const t = ctx.settings.sdcThreshold;
  return list
    .map((r) => {
      const total = disclose(r.total, t);
      // A small group hides its parts too: met + missed + open would give it away.
      const part = (n: number) => (total.suppressed ? total : disclose(n, 0));
      return {
        keys: groupBy.map((dimension, i) => ({ dimension, value: r.k[i], label: label(dims[i], r.k[i]) })),
        total,
        met: part(r.met),
        missed: part(r.missed),
        open: part(r.open),
      };
    })
    .sort((a, b) => compareKeys(a.keys as StatKey[], b.keys as StatKey[]));
}

export interface NotificationStatRow {
  agency: { id: string; label: string };
  delivered: SuppressedCount;
  acknowledged: SuppressedCount;
  unacknowledged: SuppressedCount;
  /** Sent by a step taken after its statutory deadline. */
  late: SuppressedCount;
}

/** Outcome notifications (G §24 ¶2) delivered in the period on matters under the region, by the agency that sent them. */
export async function notificationStatistics(ctx: StatContext, scope: StatScope): Promise<NotificationStatRow[]> {
  const query = sql`select array[n.from_agency_id]::text[] as k, count(*)::int as delivered,
      count(n.acknowledged_at)::int as acknowledged,
      count(*) filter (where n.acknowledged_at is null)::int as unacknowledged,
      count(*) filter (where st.due_at is not null and st.taken_at > st.due_at)::int as late
    from shared.outcome_notifications n
      join shared.matters m on m.id = n.matter_id
      join shared.steps st on st.id = n.step_id
    where m.region_code like ${scope.prefix} and n.created_at >= ${iso(scope.fromAt)} and n.created_at < ${iso(scope.toAt)}
    group by n.from_agency_id`;
  type Row = { k: string[]; delivered: number; acknowledged: number; unacknowledged: number; late: number };
  const list = await rowsOf<Row>(ctx.db, query);
  const label = await labeller(ctx.db, ['AGENCY'], list);
  const t = ctx.settings.sdcThreshold;
  return list
    .map((r) => {
      const delivered = disclose(r.delivered, t);
      const part = (n: number) => (delivered.suppressed ? delivered : disclose(n, 0));
      return {
        agency: { id: r.k[0], label: label('AGENCY', r.k[0]) },
        delivered,
        acknowledged: part(r.acknowledged),
        unacknowledged: part(r.unacknowledged),
        late: part(r.late),
      };
    })
    .sort((a, b) => (a.agency.id < b.agency.id ? -1 : 1));
}

export interface PenaltyStatRow {
  region: { code: string; label: string };
  /** The bureau's decisions dated in the period (A1), by outcome. */
  penalised: SuppressedCount;
  notPenalised: SuppressedCount;
  agreement: SuppressedCount;
  /** Yuan: fines and amounts ordered back by the penalties decided in the period; null where the region is suppressed. */
  fined: string | null;
  orderedReturn: string | null;
  /** Yuan: fines paid and money returned to the fund under decisions (A3), recorded in the period. */
  finePaid: string | null;
  returned: string | null;
}

/**
 * The bureau's own decisions by county: how many penalties, no-penalty decisions and agreement handlings, the fines
 * and amounts ordered back, and what was paid and returned. A county with fewer decisions than the threshold shows
 * "<5" and no amounts.
 */
export async function penaltyStatistics(ctx: StatContext, scope: StatScope): Promise<PenaltyStatRow[]> {
  const inPeriod = (column: SQL) => sql`${column} >= ${iso(scope.fromAt)} and ${column} < ${iso(scope.toAt)}`;
  const query = sql`with d as (
      select m.region_code, count(*) filter (where p.outcome = 'PENALISED')::int as penalised,
        count(*) filter (where p.outcome = 'NOT_PENALISED')::int as not_penalised,
        count(*) filter (where p.outcome = 'AGREEMENT')::int as agreement,
        coalesce(sum(p.fine), 0) as fined, coalesce(sum(p.ordered_return), 0) as ordered_return
      from shared.penalty_decisions p join shared.matters m on m.id = p.matter_id
      where m.region_code like ${scope.prefix} and ${inPeriod(sql`p.decided_at`)}
      group by m.region_code),
    e as (
      select m.region_code, coalesce(sum(x.amount) filter (where x.kind = 'FINE_PAID'), 0) as fine_paid,
        coalesce(sum(x.amount) filter (where x.kind = 'RETURNED_TO_FUND'), 0) as returned
      from shared.penalty_enforcements x join shared.matters m on m.id = x.matter_id
      where m.region_code like ${scope.prefix} and ${inPeriod(sql`x.taken_at`)}
      group by m.region_code)
    select array[coalesce(d.region_code, e.region_code)]::text[] as k,
      coalesce(d.penalised, 0) as penalised, coalesce(d.not_penalised, 0) as not_penalised,
      coalesce(d.agreement, 0) as agreement,
      coalesce(d.fined, 0)::numeric(20,2)::text as fined, coalesce(d.ordered_return, 0)::numeric(20,2)::text as ordered_return,
      coalesce(e.fine_paid, 0)::numeric(20,2)::text as fine_paid, coalesce(e.returned, 0)::numeric(20,2)::text as returned
    from d full join e on e.region_code = d.region_code`;
  type Row = {
    k: string[];
    penalised: number;
    not_penalised: number;
    agreement: number;
    fined: string;
    ordered_return: string;
    fine_paid: string;
    returned: string;
  };
  const list = await rowsOf<Row>(ctx.db, query);
  const label = await labeller(ctx.db, ['REGION'], list);
  const t = ctx.settings.sdcThreshold;
  return list
    .map((r) => {
      const decisions = disclose(r.penalised + r.not_penalised + r.agreement, t);
      const hidden = decisions.suppressed || (decisions.value === 0 && t > 0);
      const count = (n: number) => (decisions.suppressed ? decisions : disclose(n, 0));
      const money = (v: string) => (hidden ? null : v);
      return {
        region: { code: r.k[0], label: label('REGION', r.k[0]) },
        penalised: count(r.penalised),
        notPenalised: count(r.not_penalised),
        agreement: count(r.agreement),
        fined: money(r.fined),
        orderedReturn: money(r.ordered_return),
        finePaid: money(r.fine_paid),
        returned: money(r.returned),
      };
    })
    .sort((a, b) => (a.region.code < b.region.code ? -1 : 1));
}

/** How a matter at or above the threshold was dealt with instead of a transfer. */
export type PenaltyInsteadHandling = 'PENALISED' | 'AGREEMENT' | 'TRANSFER_REFUSED';

/** A matter the 以罚代刑 indicator names, as of the end of the period. */
export interface PenaltyInsteadMatter {
  regionCode: string;
  controlNumber: string;
  title: string;
  agency: string;
  /** Yuan: the lead's suspected amount, and the province's threshold for prosecution it reaches. */
  suspected: string;
  threshold: string;
  handling: PenaltyInsteadHandling;
}

/**
 * 以罚代刑 (J 一): matters whose suspected amount reaches the province's threshold for prosecution, dealt with by a
 * penalty or agreement handling, or refused a transfer by the bureau's head, and never transferred (T3), all as of
 * the end of the period. The one home of the rule: the monthly report lists the matters, the statistics count them.
 */
export async function penaltyInsteadOfProsecution(db: Db, scope: StatScope): Promise<PenaltyInsteadMatter[]> {
  const province = `${divisionPrefix(scope.region).slice(0, 2)}0000`;
  const end = iso(scope.toAt);
  const stageAtEnd = sql`(select s.stage_after from shared.steps s where s.matter_id = m.id and s.taken_at < ${end}
    and s.stage_after is not null order by s.taken_at desc limit 1)`;
  return rowsOf<PenaltyInsteadMatter>(
    db,
    sql`select m.region_code as "regionCode", m.control_number as "controlNumber", m.title, a.name as agency,
          l.suspected_amount::text as suspected, t.amount::text as threshold,
          coalesce(p.outcome, 'TRANSFER_REFUSED') as handling
        from shared.matters m join mib.leads l on l.id = m.lead_id join shared.agencies a on a.id = m.mib_agency_id
          join shared.criminal_thresholds t on t.province_code = ${province}
          left join shared.penalty_decisions p on p.matter_id = m.id and p.outcome <> 'NOT_PENALISED' and p.decided_at < ${end}
        where m.region_code like ${scope.prefix} and m.created_at < ${end} and l.suspected_amount >= t.amount
          and (p.matter_id is not null or ${stageAtEnd} = 'TRANSFER_REFUSED')
          and not exists (select 1 from shared.steps s where s.matter_id = m.id and s.code = 'T3' and s.taken_at < ${end})
        order by m.control_number`,
  );
}

export interface PenaltyInsteadStatRow {
  region: { code: string; label: string };
  matters: SuppressedCount;
}

/** The 以罚代刑 indicator by county: how many matters it names at the end of the period, under disclosure control. */
export async function penaltyInsteadStatistics(ctx: StatContext, scope: StatScope): Promise<PenaltyInsteadStatRow[]> {
  const matters = await penaltyInsteadOfProsecution(ctx.db, scope);
  const byRegion = new Map<string, number>();
  for (const m of matters) byRegion.set(m.regionCode, (byRegion.get(m.regionCode) ?? 0) + 1);
  const keys = [...byRegion.keys()].sort().map((code) => ({ k: [code] }));
  const label = await labeller(ctx.db, ['REGION'], keys);
  return keys.map(({ k: [code] }) => ({
    region: { code, label: label('REGION', code) },
    matters: disclose(byRegion.get(code)!, ctx.settings.sdcThreshold),
  }));
}
