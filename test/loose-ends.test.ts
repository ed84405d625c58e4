import { and, eq, inArray } from 'drizzle-orm';
import { type GraphQLInputType, isEnumType, isInputObjectType, isListType, isNonNullType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leads, matters, outcomeNotifications, steps } from '../db/schema.ts';
import { STEP_ACTIONS } from '../resolvers/steps/index.ts';
import { reportLead } from './leads.fixtures.ts';
import {
  MIB,
  ok,
  openMatter,
  POLICE,
  PROSECUTOR,
  step,
  TRANSFER_ATTACHMENTS,
  transferredMatter,
  viewMatter,
} from './procedure.ts';
import { startWorld, type World } from './world.ts';

/** The procedure's loose ends (docs/procedure.md, "After filing") and the bad input an attack run found. */

let world: World;
beforeAll(async () => {
  world = await startWorld('in-process');
});
afterAll(() => world?.stop());

const error = (r: { errors?: { extensions?: { code?: string; field?: string } }[] }) => r.errors?.[0]?.extensions;
const openClock = async (matterId: string, code: string) =>
  (await viewMatter(world, MIB.officer, matterId)).clocks.find((c) => c.code === code && !c.closedAt);
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** A matter filed, sent for prosecution and prosecuted to 南关区人民法院. */
async function prosecuted() {
  const matter = await transferredMatter(world);
  await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
  await ok(world, POLICE.head, 'decideFiling', matter.id, { filed: true, policeCaseNumber: '南公立字〔2026〕601号' });
  await ok(world, POLICE.officer, 'sendForProsecution', matter.id, {
    suspects: ['张三丰'],
    amountDefrauded: '1000.00',
  });
  await ok(world, PROSECUTOR, 'prosecute', matter.id, {
    procuratorateCaseNumber: '南检刑诉〔2026〕601号',
    defendants: ['张三丰'],
    charges: ['FRAUD'],
  });
  return matter;
}

describe('impossible dates', () => {
  it('are BAD_USER_INPUT naming the field, in an input and in a variable, and write nothing', async () => {
    const lead = await world.as(MIB.officer, 'mutation($input: LeadInput!) { createLead(input: $input) { id } }', {
      input: reportLead({ receivedAt: '2026-13-01T00:00:00+08:00' }),
    });
    expect(error(lead)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.receivedAt' });
    expect(lead.errors?.[0].message).not.toMatch(/Invalid time value/);
    const transferred = await transferredMatter(world);
    const at = await step(
      world,
      POLICE.officer,
      'acceptTransfer',
      transferred.id,
      {},
      {
        occurredAt: '2026-02-30T10:00:00+08:00',
      },
    );
    expect(error(at)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'at' });
    const matter = await prosecuted();
    await ok(world, 'court-220102-judge', 'recordJudgment', matter.id, {
      courtCaseNumber: '(2026)吉0102刑初711号',
      defendants: [{ name: '张三丰', verdict: 'GUILTY', charges: ['FRAUD'], imprisonmentMonths: 6 }],
    });
    const { stage } = await viewMatter(world, MIB.officer, matter.id);
    for (const effectiveOn of ['2026-13-01', '2026-02-30', '2026-1-1']) {
      const effective = await step(world, 'court-220102-judge', 'recordJudgmentEffective', matter.id, { effectiveOn });
      expect(error(effective), effectiveOn).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.effectiveOn' });
    }
    expect((await viewMatter(world, MIB.officer, matter.id)).stage).toBe(stage);
  });
});

/** A value of a GraphQL input type with every required field filled, so that only the value under test is wrong. */
function sampleOf(type: GraphQLInputType): any {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [];
  if (isEnumType(inner)) return inner.getValues()[0].value;
  if (isInputObjectType(inner))
    return Object.fromEntries(
      Object.values(inner.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sampleOf(f.type)]),
    );
  const scalars: Record<string, unknown> = {
    String: 'x',
    ID: 'x',
    Int: 1,
    Float: 1,
    Boolean: true,
    Money: '1.00',
    DateTime: '2026-11-30T10:00:00+08:00',
  };
  return scalars[inner.name];
}

describe('an impossible moment for any step', () => {
  it('is BAD_USER_INPUT naming the variable, for every step of the procedure, and writes nothing', async () => {
    const matter = await openMatter(world);
    const written = () => world.db.select({ id: steps.id }).from(steps).where(eq(steps.matterId, matter.id));
    const before = await written();
    const refusals: string[] = [];
    const mutations = new Map(
      world.hub.subgraphs.flatMap((s) =>
        Object.values(s.schema.getMutationType()?.getFields() ?? {}).map((f) => [f.name, f]),
      ),
    );
    for (const action of STEP_ACTIONS.keys()) {
      const input = mutations.get(action)!.args.find((a) => a.name === 'input')!.type;
      for (const at of ['2026-13-01T00:00:00+08:00', '2026-02-30T10:00:00+08:00', '2026-11-30T24:00:01+08:00', 'NaN']) {
        const result = await step(world, MIB.officer, action, matter.id, sampleOf(input), { occurredAt: at });
        const named = result.errors?.some(
          (e) => e.extensions?.code === 'BAD_USER_INPUT' && e.extensions.field === 'at',
        );
        if (!named) refusals.push(`${action} ${at}: ${JSON.stringify(result.errors?.map((e) => e.extensions))}`);
      }
    }
    expect(refusals).toEqual([]);
    // A required field left out is named too, not only the variable.
    const missing = await step(world, MIB.head, 'extendPenaltyPeriod', matter.id, {});
    expect(error(missing)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reasons' });
    expect(await written()).toHaveLength(before.length);
  });
});

describe('the filing review (T8)', () => {
  it('never shortens an open deadline, and refuses an extension the matter’s basis does not have', async () => {
    const matter = await transferredMatter(world);
    await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
    await ok(world, POLICE.head, 'extendFilingReview', matter.id, { variant: 'MAJOR', reasons: '案情重大复杂' });
    const major = (await openClock(matter.id, 'T8'))!;
    const shorter = await step(world, POLICE.officer, 'extendFilingReview', matter.id, {
      variant: 'VERIFY',
      reasons: '需查证',
    });
    expect(error(shorter)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.variant' });
    expect((await openClock(matter.id, 'T8'))?.dueAt).toBe(major.dueAt);
    const unknown = await step(world, POLICE.head, 'extendFilingReview', matter.id, {
      variant: 'MAJOR_EXTENDED',
      reasons: '再延长',
    });
    expect(error(unknown)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.variant' });
    expect(unknown.errors?.[0].message).toMatch(/economic crimes only/);
  });

  it('gives the economic-crime extra 30 days only after a first 30, and only by the head of the police above', async () => {
    const matter = await transferredMatter(world, 'ECONOMIC_CRIME');
    await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
    const extra = (person: string) =>
      step(world, person, 'extendFilingReview', matter.id, { variant: 'MAJOR_EXTENDED', reasons: '跨区域，需再延长' });
    expect(error(await extra(POLICE.cityHead))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.variant' });
    await ok(world, POLICE.head, 'extendFilingReview', matter.id, { variant: 'MAJOR', reasons: '重大复杂' });
    expect(error(await extra(POLICE.head))?.code).toBe('FORBIDDEN');
    const first = (await openClock(matter.id, 'T8'))!;
    expect((await extra(POLICE.cityHead)).errors).toBeUndefined();
    const second = (await openClock(matter.id, 'T8'))!;
    expect(second.startedAt).toBe(first.startedAt);
    // 60 days from acceptance: past the last year the official calendar covers, the deadline waits for it.
    if (second.dueAt)
      expect(Date.parse(second.dueAt) - Date.parse(first.dueAt!)).toBeGreaterThanOrEqual(29 * 86_400_000);
    else expect(second.pendingReason).toMatch(/no holiday calendar for \d{4} yet/);
  });
});

describe('the written notice of a filing decision (T10)', () => {
  it('may follow the decision within its own 3 days; the bureau’s periods run from the notice', async () => {
    const matter = await transferredMatter(world);
    await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
    expect(
      await ok(world, POLICE.head, 'decideFiling', matter.id, {
        filed: true,
        policeCaseNumber: '南公立字〔2026〕501号',
        noticeLater: true,
      }),
    ).toBe('FILING_DECIDED');
    const t10 = (await openClock(matter.id, 'T10'))!;
    expect(t10).toMatchObject({ agency: { id: 'police-220102' }, basis: expect.stringContaining('三(四)') });
    expect(Date.parse(t10.dueAt!) - Date.parse(t10.startedAt)).toBeGreaterThan(3 * 86_400_000 - 86_400_000);
    expect(await openClock(matter.id, 'T11')).toBeUndefined();
    const told = await world.db.select().from(outcomeNotifications).where(eq(outcomeNotifications.matterId, matter.id));
    expect(told).toHaveLength(1);
    expect(await ok(world, POLICE.officer, 'notifyFilingDecision', matter.id)).toBe('FILED');
    const view = await viewMatter(world, MIB.officer, matter.id);
    const notice = view.timeline.find((s) => s.code === 'T10');
    expect(notice?.document?.kind).toBe('FILING_NOTICE');
    expect(view.timeline.find((s) => s.code === 'T9')?.document?.kind).toBe('FILING_DECISION');
    expect(view.clocks.find((c) => c.code === 'T11')?.startedAt).toBe(notice?.takenAt);
    expect(
      await world.db.select().from(outcomeNotifications).where(eq(outcomeNotifications.matterId, matter.id)),
    ).toHaveLength(2);
  });
});

describe('the real-name reporter (J 五(三))', () => {
  it('is a duty of the bureau only when the reporter gave their name', async () => {
    const named = await transferredMatter(world);
    await ok(world, POLICE.officer, 'acceptTransfer', named.id);
    await ok(world, POLICE.head, 'decideFiling', named.id, { filed: true, policeCaseNumber: '南公立字〔2026〕502号' });
    expect(await openClock(named.id, 'REPORTER_INFORMED')).toMatchObject({
      agency: { id: 'mib-220102' },
      optional: false,
    });

    const anonymous = await transferredMatter(world);
    const [{ leadId }] = await world.db
      .select({ leadId: matters.leadId })
      .from(matters)
      .where(eq(matters.id, anonymous.id));
    await world.db.update(leads).set({ informantRealName: false }).where(eq(leads.id, leadId));
    await ok(world, POLICE.officer, 'acceptTransfer', anonymous.id);
    await ok(world, POLICE.head, 'decideFiling', anonymous.id, {
      filed: true,
      policeCaseNumber: '南公立字〔2026〕503号',
    });
    expect(await openClock(anonymous.id, 'REPORTER_INFORMED')).toBeUndefined();
    expect(error(await step(world, MIB.officer, 'informReporter', anonymous.id, { means: '电话' }))?.code).toBe(
      'WRONG_STATE',
    );
  });
});

describe('judgments', () => {
  const guilty = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    verdict: 'GUILTY',
    charges: ['FRAUD'],
    imprisonmentMonths: 12,
    ...extra,
  });

  it('judge only the indicted, or someone added with reasons; the effective date is not before the judgment nor in the future', async () => {
    const matter = await prosecuted();
    const judge = (defendants: unknown[]) =>
      step(world, 'court-220102-judge', 'recordJudgment', matter.id, {
        courtCaseNumber: '(2026)吉0102刑初601号',
        defendants,
      });
    expect(error(await judge([guilty('张三丰'), guilty('李四')]))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.defendants.1.name',
    });
    expect((await judge([guilty('张三丰'), guilty('李四', { addedReason: '检察院追加起诉' })])).errors).toBeUndefined();
    const effective = (effectiveOn: string) =>
      step(world, 'court-220102-judge', 'recordJudgmentEffective', matter.id, { effectiveOn });
    expect(error(await effective('2020-01-01'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.effectiveOn' });
    expect(error(await effective('2099-01-01'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.effectiveOn' });
    expect(error(await effective('2026-02-30'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.effectiveOn' });
    expect((await effective(today())).errors).toBeUndefined();
  });
});

describe('the transfer’s document set (T3)', () => {
  it('must hold the expert opinions the case has and the copy of a penalty decision already made', async () => {
    const matter = await openMatter(world);
    await ok(world, MIB.officer, 'submitTransferReport', matter.id, {
      officerIds: [MIB.officer, MIB.officer2],
      report: '建议移送',
    });
    await ok(world, MIB.head, 'decideTransfer', matter.id, { approved: true });
    const basic = TRANSFER_ATTACHMENTS.filter((a) => a.kind !== 'EXPERT_OPINION');
    const transfer = (input: Record<string, unknown>) => step(world, MIB.officer, 'transferToPolice', matter.id, input);
    expect(error(await transfer({ attachments: basic, hasExpertOpinions: true }))).toMatchObject({
      field: 'input.attachments',
    });
    expect(error(await transfer({ attachments: basic, penaltyDecisionNumber: '南医保罚〔2026〕9号' }))).toMatchObject({
      field: 'input.attachments',
    });
    const withCopy = [
      ...basic,
      { kind: 'PENALTY_DECISION', title: '行政处罚决定书（副本）', reference: '南医保罚〔2026〕9号' },
    ];
    expect(
      (await transfer({ attachments: withCopy, penaltyDecisionNumber: '南医保罚〔2026〕9号' })).errors,
    ).toBeUndefined();
  });
});

describe('bad input is refused naming the field, with nothing written', () => {
  it('refuses impossible dates, control characters, invisible names, unbounded lists and malformed case numbers', async () => {
    // Each refused lead by its summary: a PostgreSQL database shared with other files has their leads too.
    const sent: string[] = [];
    const create = (input: Record<string, unknown>) => {
      const lead = reportLead(input);
      sent.push(lead.summary as string);
      return world.as(MIB.officer, 'mutation($input: LeadInput!) { createLead(input: $input) { id } }', {
        input: lead,
      });
    };
    expect(error(await create({ receivedAt: '2026-02-30T09:00:00+08:00' }))?.code).toBe('BAD_USER_INPUT');
    expect(error(await create({ receivedAt: '2026-13-45T09:00:00+08:00' }))?.code).toBe('BAD_USER_INPUT');
    expect(error(await create({ receivedAt: '2026-11-20T25:00:00+08:00' }))?.code).toBe('BAD_USER_INPUT');
    expect(error(await create({ summary: '含有\u0000空字符' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.summary',
    });
    expect(error(await create({ subject: { kind: 'PERSON', name: '\u200b\u200b\u00a0' } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.subject.name',
    });
    const written = sent.filter((summary) => !summary.includes('\u0000'));
    expect(await world.db.select({ id: leads.id }).from(leads).where(inArray(leads.summary, written))).toEqual([]);

    const matter = await openMatter(world);
    const huge = await step(world, MIB.officer, 'submitTransferReport', matter.id, {
      officerIds: Array.from({ length: 70_000 }, (_, i) => `o${i}`),
      report: '移送报告',
    });
    expect(error(huge)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.officerIds' });

    const transferred = await transferredMatter(world);
    await ok(world, POLICE.officer, 'acceptTransfer', transferred.id);
    const x = await step(world, POLICE.head, 'decideFiling', transferred.id, { filed: true, policeCaseNumber: 'X' });
    expect(error(x)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.policeCaseNumber' });
    const taken = await world.db
      .select()
      .from(steps)
      .where(and(eq(steps.matterId, transferred.id), eq(steps.action, 'decideFiling')));
    expect(taken).toEqual([]);
  });
});

describe('one case per lead', () => {
  it('opens one case when ten ask at once; the others are told it is open', async () => {
    const lead = await world.as(MIB.officer, 'mutation($input: LeadInput!) { createLead(input: $input) { id } }', {
      input: reportLead(),
    });
    const leadId = lead.data.createLead.id;
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        world.as(MIB.officer, `mutation($lead: ID!) { openCase(leadId: $lead, input: { title: "并发立案" }) { id } }`, {
          lead: leadId,
        }),
      ),
    );
    expect(results.filter((r) => r.data?.openCase?.id)).toHaveLength(1);
    for (const refused of results.filter((r) => !r.data?.openCase))
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'leadId' });
    expect(await world.db.select({ id: matters.id }).from(matters).where(eq(matters.leadId, leadId))).toHaveLength(1);
  });
});
