import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf as rowsOfDb } from '../db/rows.ts';
import { shanghaiDay } from '../domain/time.ts';
import { graphql, type ResultOf } from './graphql.ts';
import { reportLead } from './leads.fixtures.ts';
import { MIB, ok, openMatter, POLICE, transferredMatter } from './procedure.ts';
import { type GraphQLResponse, startWorld, type World } from './world.ts';

const ANALYST = 'superior-220000-analyst';
const REVIEWER = 'superior-220000-reviewer';
const FROM = '2026-01-01';
const TO = shanghaiDay(new Date());

/**
 * Every statistic against a hand-written SQL count on the same seeded data (a database of this file's own):
 * 5 matters transferred and accepted and 2 more opened in 南关 (220102), 2 leads and 1 matter in 朝阳 (220104).
 */
describe('statistics', () => {
  let world: World;
  const rows = async <T = Record<string, unknown>>(query: SQL): Promise<T[]> => {
    return rowsOfDb<T>(world.db, query);
  };
  /** The statistics' scope: the province (or `region`) from the start of the year to today. */
  const scope = (region = '220000') => ({ r: region, f: FROM, t: TO });
  const stats = (person: string, body: string, region = '220000') =>
    world.as(
      person,
      `query($r: String!, $f: String!, $t: String!) { statistics(region: $r, from: $f, to: $t) { ${body} } }`,
      {
        r: region,
        f: FROM,
        t: TO,
      },
    );
  const period = sql`>= ${new Date(`${FROM}T00:00:00+08:00`).toISOString()}::timestamptz`;

  beforeAll(async () => {
    world = await startWorld('in-process', { ownDatabase: true });
    for (let i = 0; i < 5; i++) {
      const matter = await transferredMatter(world);
      await ok(world, POLICE.officer, 'acceptTransfer', matter.id, {});
    }
    await openMatter(world);
    await openMatter(world);
    const chaoyang = async (overrides: Record<string, unknown> = {}) => {
      const lead = await world.as(MIB.sibling, `mutation($input: LeadInput!) { createLead(input: $input) { id } }`, {
        input: reportLead({ regionCode: '220104', ...overrides }),
      });
      expect(lead.errors).toBeUndefined();
      return lead.data.createLead.id as string;
    };
    const opened = await world.as(
      MIB.sibling,
      `mutation($lead: ID!) { openCase(leadId: $lead, input: { title: "朝阳区某诊所案" }) { id } }`,
      {
        lead: await chaoyang(),
      },
    );
    expect(opened.errors).toBeUndefined();
    await chaoyang({
      source: 'FLIGHT_INSPECTION',
      behaviours: ['INST_FORGERY'],
      suspectedAmount: '100.10',
      informant: undefined,
    });
  }, 180_000);
  afterAll(() => world?.stop());

  it('counts leads by region and suppresses a group under the threshold as "<5"', async () => {
    const r = await stats(
      ANALYST,
      `counts(of: LEADS, groupBy: [REGION]) { keys { value label } count { value display suppressed } suspected }`,
    );
    expect(r.errors).toBeUndefined();
    const expected = await rows<{ region_code: string; n: number; s: string }>(
      sql`select region_code, count(*)::int as n, sum(suspected_amount)::numeric(20,2)::text as s from mib.leads
          where region_code like '22%' and received_at ${period} group by region_code order by region_code`,
    );
    expect(expected.map((e) => e.region_code)).toEqual(['220102', '220104']);
    expect(r.data.statistics.counts).toEqual([
      {
        keys: [{ value: '220102', label: '南关区' }],
        count: { value: expected[0].n, display: String(expected[0].n), suppressed: false },
        suspected: expected[0].s,
      },
      {
        keys: [{ value: '220104', label: '朝阳区' }],
        count: { value: null, display: '<5', suppressed: true },
        suspected: null,
      },
    ]);
    expect(expected[1].n).toBeLessThan(5);
  });

  it('counts leads by behaviour and month, a lead once under each of its behaviours', async () => {
    const r = await world.as(
      ANALYST,
      graphql(`query($r: String!, $f: String!, $t: String!) { statistics(region: $r, from: $f, to: $t) {
        counts(of: LEADS, groupBy: [BEHAVIOUR, MONTH]) { keys { value } count { value display } } } }`),
      scope(),
    );
    const expected = await rows<{ b: string; m: string; n: number }>(
      sql`select b, to_char(received_at at time zone 'Asia/Shanghai', 'YYYY-MM') as m, count(*)::int as n
          from mib.leads, unnest(behaviours) as b where region_code like '22%' and received_at ${period} group by 1, 2 order by 1, 2`,
    );
    expect(r.data?.statistics.counts.map((c) => [c.keys[0].value, c.keys[1].value, c.count.display])).toEqual(
      expected.map((e) => [e.b, e.m, e.n < 5 ? '<5' : String(e.n)]),
    );
  });

  it('counts matters by stage and by city, with amounts', async () => {
    const byStage = await world.as(
      ANALYST,
      graphql(`query($r: String!, $f: String!, $t: String!) { statistics(region: $r, from: $f, to: $t) {
        counts(of: MATTERS, groupBy: [STAGE]) { keys { value } count { value display } } } }`),
      scope(),
    );
    const stages = await rows<{ stage: string; n: number }>(
      sql`select stage, count(*)::int as n from shared.matters where region_code like '22%' and created_at ${period} group by stage order by stage`,
    );
    expect(byStage.data?.statistics.counts.map((c) => [c.keys[0].value, c.count.display])).toEqual(
      stages.map((s) => [s.stage, s.n < 5 ? '<5' : String(s.n)]),
    );
    const byCity = await stats(
      ANALYST,
      `counts(of: MATTERS, groupBy: [REGION], regionLevel: CITY) { keys { value label } count { value } suspected recovered returned }`,
    );
    const [city] = await rows<{ n: number; s: string }>(
      sql`select count(*)::int as n, sum(l.suspected_amount)::numeric(20,2)::text as s from shared.matters m join mib.leads l on l.id = m.lead_id
          where m.region_code like '2201%' and m.created_at ${period}`,
    );
    expect(byCity.data.statistics.counts).toEqual([
      {
        keys: [{ value: '220100', label: '长春市' }],
        count: { value: city.n },
        suspected: city.s,
        recovered: '0.00',
        returned: '0.00',
      },
    ]);
  });

  it('follows the funnel from lead to effective judgment with conversions and median days', async () => {
    const r = await world.as(
      ANALYST,
      graphql(`query($r: String!, $f: String!, $t: String!) { statistics(region: $r, from: $f, to: $t) {
        funnel { stage count { value display } conversion medianDays } } }`),
      scope(),
    );
    const [leads] = await rows<{ n: number }>(
      sql`select count(*)::int as n from mib.leads where region_code like '22%' and received_at ${period}`,
    );
    const [cases] = await rows<{ n: number; d: number }>(
      sql`select count(*)::int as n, (percentile_cont(0.5) within group (order by extract(epoch from m.created_at - l.received_at)) / 86400)::float8 as d
          from shared.matters m join mib.leads l on l.id = m.lead_id where l.region_code like '22%' and l.received_at ${period}`,
    );
    const [transferred] = await rows<{ n: number }>(
      sql`select count(distinct s.matter_id)::int as n from shared.steps s join shared.matters m on m.id = s.matter_id
          where s.stage_after = 'TRANSFERRED' and m.region_code like '22%'`,
    );
    const funnel = r.data!.statistics.funnel;
    expect(funnel.map((f) => f.stage)).toEqual([
      'LEAD',
      'CASE',
      'TRANSFERRED',
      'FILED',
      'PROSECUTED',
      'JUDGED',
      'EFFECTIVE',
    ]);
    expect(funnel[0]).toEqual({
      stage: 'LEAD',
      count: { value: leads.n, display: String(leads.n) },
      conversion: null,
      medianDays: null,
    });
    expect(funnel[1].count.value).toBe(cases.n);
    expect(funnel[1].conversion).toBeCloseTo(cases.n / leads.n, 4);
    expect(funnel[1].medianDays).toBeCloseTo(cases.d, 1);
    expect(funnel[2].count.value).toBe(transferred.n);
    expect(funnel[2].conversion).toBeCloseTo(transferred.n / cases.n, 4);
    expect(funnel[3]).toMatchObject({ stage: 'FILED', count: { value: 0 }, medianDays: null });
  });

  it('counts clocks met, missed and open by step, and notifications by sender', async () => {
    const r = await world.as(
      ANALYST,
      graphql(`query($r: String!, $f: String!, $t: String!) { statistics(region: $r, from: $f, to: $t) {
        clocks(groupBy: [STEP]) { keys { value } total { value display } met { display } missed { display } open { display } }
        notifications { agencyId agencyName delivered { value display } acknowledged { display } unacknowledged { display } late { display } } } }`),
      scope(),
    );
    expect(r.errors).toBeUndefined();
    const clocks = await rows<{ code: string; n: number; met: number; open: number }>(
      sql`select c.code, count(*)::int as n, count(*) filter (where c.closed_at is not null and (c.due_at is null or c.closed_at <= c.due_at))::int as met,
            count(*) filter (where c.closed_at is null and (c.due_at is null or c.due_at >= ${new Date().toISOString()}::timestamptz))::int as open
          from shared.clocks c join shared.matters m on m.id = c.matter_id
          where not c.optional and m.region_code like '22%' and c.started_at ${period} group by c.code order by c.code`,
    );
    const shown = (n: number, total: number) => (total < 5 ? '<5' : String(n));
    expect(
      r.data?.statistics.clocks.map((c) => [c.keys[0].value, c.total.display, c.met.display, c.open.display]),
    ).toEqual(clocks.map((c) => [c.code, shown(c.n, c.n), shown(c.met, c.n), shown(c.open, c.n)]));
    const sent = await rows<{ from_agency_id: string; n: number; unacknowledged: number }>(
      sql`select from_agency_id, count(*)::int as n, count(*) filter (where acknowledged_at is null)::int as unacknowledged
          from shared.outcome_notifications group by from_agency_id order by from_agency_id`,
    );
    expect(r.data?.statistics.notifications).toEqual(
      sent.map((s) => ({
        agencyId: s.from_agency_id,
        agencyName: '长春市公安局南关区分局',
        delivered: { value: s.n, display: String(s.n) },
        acknowledged: { display: '0' },
        unacknowledged: { display: String(s.unacknowledged) },
        late: { display: '0' },
      })),
    );
    expect(sent[0].n).toBe(5);
  });

  it('gives the cross-agency analyst numbers and never a person', async () => {
    const matters = await world.as(ANALYST, `{ matters(first: 5) { items { id subject { name } } } }`);
    expect(matters.data?.matters?.items ?? []).toEqual([]);
    const leads = await world.as(ANALYST, `{ leads(first: 5) { items { id } } }`);
    expect(leads.data?.leads ?? null).toBeNull();
    expect(leads.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps each caller to their division, and refuses bad scopes naming the argument', async () => {
    const county = await stats(MIB.head, `counts(of: LEADS, groupBy: []) { count { value } }`, '220000');
    expect(county.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'region' });
    const own = await stats(MIB.head, `counts(of: LEADS, groupBy: []) { count { value } }`, '220102');
    expect(own.errors).toBeUndefined();
    const officer = await stats(MIB.officer, `region`, '220102');
    expect(officer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const badDate = await world.as(
      ANALYST,
      `{ statistics(region: "220000", from: "2026-02-30", to: "2026-03-01") { region } }`,
    );
    expect(badDate.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    const stage = await stats(ANALYST, `counts(of: LEADS, groupBy: [STAGE]) { count { value } }`);
    expect(stage.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy' });
  });

  it('pages a supervisor through every matter of the province with a cursor', async () => {
    const MATTER_PAGE = graphql(
      `query($after: String) { matters(first: 3, after: $after) { items { id } nextCursor } }`,
    );
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: GraphQLResponse<ResultOf<typeof MATTER_PAGE>> = await world.as(REVIEWER, MATTER_PAGE, { after });
      expect(page.errors).toBeUndefined();
      seen.push(...page.data!.matters.items.map((m) => m.id));
      after = page.data!.matters.nextCursor;
    } while (after);
    const [{ n }] = await rows<{ n: number }>(
      sql`select count(*)::int as n from shared.matters where region_code like '22%'`,
    );
    expect(seen.length).toBe(n);
    expect(new Set(seen).size).toBe(n);
    const bad = await world.as(REVIEWER, `{ matters(after: "bm90LWEtY3Vyc29y") { nextCursor } }`);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('counts clocks as they stood at a past moment: a duty done after it was still open then', async () => {
    const [first] = await rows<{ closed_at: string }>(
      sql`select closed_at::text from shared.clocks
          where closed_at is not null and due_at is not null and closed_at <= due_at and not optional
          order by closed_at limit 1`,
    );
    // A second before the first duty done in time: none was done in time yet.
    const before = new Date(Date.parse(first.closed_at) - 1000);
    const { clockStatistics, scopeOf } = await import('../resolvers/statistics.ts');
    const ctx = { db: world.db, settings: { ...world.config.settings, sdcThreshold: 0 } };
    const at = async (now: Date) => (await clockStatistics(ctx, scopeOf('220000', FROM, TO), [], now))[0];
    expect((await at(new Date())).met.value).toBeGreaterThan(0);
    const then = await at(before);
    expect(then.met.value).toBe(0);
    const [open] = await rows<{ n: number }>(
      sql`select count(*)::int as n from shared.clocks c join shared.matters m on m.id = c.matter_id
          where not c.optional and m.region_code like '22%' and c.started_at ${period}
            and (c.closed_at is null or c.closed_at > ${before.toISOString()}::timestamptz)
            and (c.due_at is null or c.due_at >= ${before.toISOString()}::timestamptz)`,
    );
    expect(then.open.value).toBe(open.n);
  });
});
