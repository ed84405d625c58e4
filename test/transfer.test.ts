import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarOverrides, calendarYears, clockRules, documents, steps } from '../db/schema.ts';
import { currentCalendar, forgetCalendar } from '../resolvers/procedure/calendar.ts';
import { DEFAULT_CLOCK_RULES } from '../resolvers/steps/index.ts';
import { graphql } from './graphql.ts';
import {
  MATTER_VIEW,
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
import { type GraphQLResponse, startWorld, TOPOLOGIES, type World } from './world.ts';

const NOTIFICATIONS = graphql(
  `query($id: ID) { notifications(matterId: $id) { items { step { code action } fromAgency { id } document: step { document { kind number } } acknowledgedAt } } }`,
);
const DOC_NUMBER = /^[\u4e00-\u9fa5]+〔2026〕\d+号$/;

describe.each(TOPOLOGIES)('the transfer procedure through the gateway (%s)', (topology) => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(topology);
  });
  afterAll(() => world?.stop());

  it('runs lead → transfer → filed → items handed over, each agency with its own token', async () => {
    const matter = await openMatter(world);
    expect(matter).toMatchObject({ stage: 'CASE_OPEN', controlNumber: expect.stringMatching(/^YB220102-2026-\d{5}$/) });
    expect(
      await ok(world, MIB.officer, 'submitTransferReport', matter.id, {
        officerIds: [MIB.officer, MIB.officer2],
        report: '经核实，涉嫌诈骗罪。',
      }),
    ).toBe('REPORT_SUBMITTED');
    expect(await ok(world, MIB.head, 'decideTransfer', matter.id, { approved: true })).toBe('TRANSFER_APPROVED');
    expect(await ok(world, MIB.officer, 'transferToPolice', matter.id, { attachments: TRANSFER_ATTACHMENTS })).toBe(
      'TRANSFERRED',
    );
    expect(await ok(world, POLICE.officer, 'acceptTransfer', matter.id, { note: '材料齐全' })).toBe('ACCEPTED');
    expect(
      await ok(world, POLICE.head, 'decideFiling', matter.id, {
        filed: true,
        policeCaseNumber: '南公(经)立字〔2026〕88号',
      }),
    ).toBe('FILED');
    expect(
      await ok(world, MIB.officer, 'handOverItems', matter.id, {
        items: [{ kind: 'ITEM_LIST', title: '账册12本、处方单300张' }],
      }),
    ).toBe('FILED');
    // The lead came from a real-name report: the bureau owes the reporter the filing decision (J 五(三)).
    expect(await ok(world, MIB.officer, 'informReporter', matter.id, { means: '电话告知' })).toBe('FILED');

    const m = await viewMatter(world, MIB.officer, matter.id);
    expect(m.policeAgency?.id).toBe('police-220102');
    expect(m.procuratorateAgency?.id).toBe('procuratorate-220102');
    expect(m.timeline.map((s) => s.code)).toEqual(['T1', 'T2', 'T3', 'T4', 'T9', 'T11', 'REPORTER_INFORMED']);
    expect(m.timeline.find((s) => s.code === 'T3')?.document?.number).toMatch(/^南关医保移〔2026〕\d+号$/);
    expect(m.timeline.find((s) => s.code === 'T4')?.document).toMatchObject({
      kind: 'RECEIPT',
      number: expect.stringMatching(/^南关公回执〔2026〕\d+号$/),
    });
    expect(m.timeline.find((s) => s.code === 'T9')?.document?.kind).toBe('FILING_NOTICE');
    expect(m.timeline.every((s) => !s.late)).toBe(true);
    expect(m.clocks.filter((c) => !c.closedAt)).toEqual([]);
    const t11 = m.clocks.find((c) => c.code === 'T11');
    expect(t11).toMatchObject({
      agency: { id: 'mib-220102' },
      overdue: false,
      basis: expect.stringContaining('第12条'),
    });

    const notes = await world.as(MIB.officer, NOTIFICATIONS, { id: matter.id });
    expect(notes.data?.notifications.items.map((n) => n.step.code)).toEqual(['T4', 'T9']);
    expect(notes.data?.notifications.items.every((n) => DOC_NUMBER.test(n.document.document?.number ?? ''))).toBe(true);

    // A poller takes them a page at a time, and resumes from where it stopped.
    const PAGE = graphql(
      `query($id: ID, $after: String) { notifications(matterId: $id, first: 1, after: $after) { items { step { code } } nextCursor endCursor } }`,
    );
    const page1 = (await world.as(MIB.officer, PAGE, { id: matter.id })).data!.notifications;
    expect(page1.items.map((n) => n.step.code)).toEqual(['T4']);
    const page2 = (await world.as(MIB.officer, PAGE, { id: matter.id, after: page1.nextCursor })).data!.notifications;
    expect(page2.items.map((n) => n.step.code)).toEqual(['T9']);
    expect(page2.nextCursor).toBeNull();
    const later = (await world.as(MIB.officer, PAGE, { id: matter.id, after: page2.endCursor })).data?.notifications;
    expect(later).toEqual({ items: [], nextCursor: null, endCursor: page2.endCursor });
    const bad = await world.as(MIB.officer, PAGE, { id: matter.id, after: 'not-a-cursor' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('runs lead → transfer → not filed → reconsideration upheld → supervision → ordered to file → filed', async () => {
    const matter = await transferredMatter(world);
    await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
    expect(
      await ok(world, POLICE.head, 'decideFiling', matter.id, {
        filed: false,
        reasons: '现有证据不足以证明存在犯罪事实',
        filesReturned: true,
      }),
    ).toBe('NOT_FILED');
    expect(await ok(world, MIB.officer, 'requestReconsideration', matter.id, { reasons: '骗取金额已达立案标准' })).toBe(
      'RECONSIDERATION_REQUESTED',
    );
    expect(
      await ok(world, POLICE.head, 'decideReconsideration', matter.id, { upheld: true, reasons: '维持原决定' }),
    ).toBe('RECONSIDERATION_UPHELD');
    expect(await ok(world, MIB.officer, 'requestFilingSupervision', matter.id, { reasons: '请求立案监督' })).toBe(
      'SUPERVISION_REQUESTED',
    );
    expect(await ok(world, PROSECUTOR, 'requestNonFilingReasons', matter.id)).toBe('REASONS_REQUESTED');
    expect(await ok(world, POLICE.officer, 'explainNonFiling', matter.id, { reasons: '证据不足' })).toBe(
      'REASONS_GIVEN',
    );
    expect(await ok(world, PROSECUTOR, 'orderFiling', matter.id, { reasons: '不立案理由不能成立' })).toBe(
      'ORDERED_TO_FILE',
    );
    expect(
      await ok(world, POLICE.officer, 'fileAfterOrder', matter.id, { policeCaseNumber: '南公立字〔2026〕90号' }),
    ).toBe('FILED');

    const viewed = await viewMatter(world, MIB.officer, matter.id);
    expect(viewed.timeline.map((s) => s.code)).toEqual([
      'T1',
      'T2',
      'T3',
      'T4',
      'T9',
      'T12',
      'T13',
      'T14',
      'T15',
      'T15',
      'T16',
      'T17',
    ]);
    const open = viewed.clocks.filter((c) => !c.closedAt).map((c) => c.code);
    expect(open).toEqual(['REPORTER_INFORMED', 'T11']);
    const notes = await world.as(MIB.officer, NOTIFICATIONS, { id: matter.id });
    expect(notes.data?.notifications.items.map((n) => `${n.step.code}:${n.fromAgency.id}`)).toEqual([
      'T4:police-220102',
      'T9:police-220102',
      'T13:police-220102',
      'T15:procuratorate-220102',
      'T15:police-220102',
      'T16:procuratorate-220102',
      'T17:police-220102',
    ]);
    expect((await viewMatter(world, PROSECUTOR, matter.id)).stage).toBe('FILED');
  });
});

describe('each step refuses the wrong actor, the wrong state and other agencies’ matters', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world?.stop());

  const code = (r: GraphQLResponse) => r.errors?.[0]?.extensions?.code;
  const field = (r: GraphQLResponse) => r.errors?.[0]?.extensions?.field;

  it('T1 needs a case team of two certified officers of the bureau', async () => {
    const matter = await openMatter(world);
    const alone = await step(world, MIB.officer, 'submitTransferReport', matter.id, {
      officerIds: [MIB.officer],
      report: 'x',
    });
    expect([code(alone), field(alone)]).toEqual(['BAD_USER_INPUT', 'input.officerIds']);
    const twice = await step(world, MIB.officer, 'submitTransferReport', matter.id, {
      officerIds: [MIB.officer, MIB.officer],
      report: 'x',
    });
    expect(field(twice)).toBe('input.officerIds');
    const outsider = await step(world, MIB.officer, 'submitTransferReport', matter.id, {
      officerIds: [MIB.officer, 'mib-220104-officer-1'],
      report: 'x',
    });
    expect(field(outsider)).toBe('input.officerIds.1');
    const head = await step(world, MIB.officer, 'submitTransferReport', matter.id, {
      officerIds: [MIB.officer, MIB.head],
      report: 'x',
    });
    expect(field(head)).toBe('input.officerIds.1');
    expect(await world.db.select().from(steps).where(eq(steps.matterId, matter.id))).toEqual([]);
  });

  it('T2 is the head’s, and a refusal records its reasons', async () => {
    const matter = await openMatter(world);
    await ok(world, MIB.officer, 'submitTransferReport', matter.id, {
      officerIds: [MIB.officer, MIB.officer2],
      report: 'x',
    });
    expect(code(await step(world, MIB.officer, 'decideTransfer', matter.id, { approved: true }))).toBe('FORBIDDEN');
    expect(field(await step(world, MIB.head, 'decideTransfer', matter.id, { approved: false }))).toBe('input.reasons');
    expect(await ok(world, MIB.head, 'decideTransfer', matter.id, { approved: false, reasons: '情节显著轻微' })).toBe(
      'TRANSFER_REFUSED',
    );
    expect(
      code(await step(world, MIB.officer, 'transferToPolice', matter.id, { attachments: TRANSFER_ATTACHMENTS })),
    ).toBe('WRONG_STATE');
    expect(
      await ok(world, MIB.officer, 'submitTransferReport', matter.id, {
        officerIds: [MIB.officer, MIB.officer2],
        report: '补充调查后再次报告',
      }),
    ).toBe('REPORT_SUBMITTED');
  });

  it('T3 refuses a transfer missing a required document, and writes nothing', async () => {
    const matter = await openMatter(world);
    await ok(world, MIB.officer, 'submitTransferReport', matter.id, {
      officerIds: [MIB.officer, MIB.officer2],
      report: 'x',
    });
    await ok(world, MIB.head, 'decideTransfer', matter.id, { approved: true });
    const missing = await step(world, MIB.officer, 'transferToPolice', matter.id, {
      attachments: TRANSFER_ATTACHMENTS.filter((a) => a.kind !== 'ITEM_LIST'),
    });
    expect(missing.errors?.[0]).toMatchObject({
      message: expect.stringContaining('涉案物品清单'),
      extensions: { code: 'BAD_USER_INPUT', field: 'input.attachments' },
    });
    expect(
      (await world.db.select().from(documents).where(eq(documents.matterId, matter.id))).map((d) => d.kind).sort(),
    ).toEqual(['CASE_OPENING', 'TRANSFER_DECISION', 'TRANSFER_REPORT']);
  });

  it('T4: police see nothing before the transfer, other police never, and only one receipt is given', async () => {
    const matter = await openMatter(world);
    expect((await world.as(POLICE.officer, MATTER_VIEW, { id: matter.id })).data?.matter).toBeNull();
    await ok(world, MIB.officer, 'submitTransferReport', matter.id, {
      officerIds: [MIB.officer, MIB.officer2],
      report: 'x',
    });
    await ok(world, MIB.head, 'decideTransfer', matter.id, { approved: true });
    expect(code(await step(world, POLICE.officer, 'acceptTransfer', matter.id))).toBe('NOT_FOUND');
    await ok(world, MIB.officer, 'transferToPolice', matter.id, { attachments: TRANSFER_ATTACHMENTS });
    expect(code(await step(world, POLICE.sibling, 'acceptTransfer', matter.id))).toBe('NOT_FOUND');
    expect((await world.as(POLICE.sibling, MATTER_VIEW, { id: matter.id })).data?.matter).toBeNull();
    expect(code(await step(world, MIB.officer, 'acceptTransfer', matter.id))).toBe('FORBIDDEN');
    const [a, b] = await Promise.all([
      step(world, POLICE.officer, 'acceptTransfer', matter.id),
      step(world, POLICE.head, 'acceptTransfer', matter.id),
    ]);
    expect([a, b].filter((r) => !r.errors)).toHaveLength(1);
    expect([a, b].map(code).filter(Boolean)).toEqual(['WRONG_STATE']);
    expect(
      (await world.db.select().from(steps).where(eq(steps.matterId, matter.id))).filter((s) => s.code === 'T4'),
    ).toHaveLength(1);
  });

  it('T4 retried with the same idempotency key takes effect once', async () => {
    const matter = await transferredMatter(world);
    const first = await step(world, POLICE.officer, 'acceptTransfer', matter.id, {}, 'accept-retry-0001');
    const again = await step(world, POLICE.officer, 'acceptTransfer', matter.id, {}, 'accept-retry-0001');
    expect([first.errors, again.errors]).toEqual([undefined, undefined]);
    expect(again.data.acceptTransfer.stage).toBe('ACCEPTED');
    const reused = await step(
      world,
      POLICE.officer,
      'requestSupplement',
      matter.id,
      { missing: 'x' },
      'accept-retry-0001',
    );
    expect(reused.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('T5/T6: a supplement request and the supplement; T8: a 30-day review needs a police head', async () => {
    const matter = await transferredMatter(world);
    await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
    expect(await ok(world, POLICE.officer, 'requestSupplement', matter.id, { missing: '缺少鉴定意见原件' })).toBe(
      'SUPPLEMENT_REQUESTED',
    );
    expect(
      code(await step(world, POLICE.officer, 'decideFiling', matter.id, { filed: true, policeCaseNumber: 'x' })),
    ).toBe('WRONG_STATE');
    expect(
      await ok(world, MIB.officer, 'supplementMaterial', matter.id, {
        attachments: [{ kind: 'SUPPLEMENT', title: '鉴定意见原件' }],
      }),
    ).toBe('ACCEPTED');
    const officerTry = await step(world, POLICE.officer, 'extendFilingReview', matter.id, {
      variant: 'MAJOR',
      reasons: '案情复杂',
    });
    expect(field(officerTry)).toBe('input.variant');
    await ok(world, POLICE.head, 'extendFilingReview', matter.id, { variant: 'MAJOR', reasons: '涉案机构多、金额大' });
    const viewed = await viewMatter(world, POLICE.officer, matter.id);
    const accepted = new Date(viewed.timeline.find((s) => s.code === 'T4')!.takenAt);
    const review = viewed.clocks.find((c) => c.code === 'T8' && !c.closedAt)!;
    expect(new Date(review.dueAt!).getTime() - accepted.getTime()).toBeGreaterThan(29 * 86_400_000);
    expect(review.basis).toContain('重大疑难复杂');
    const mine = await world.as(POLICE.officer, `{ myClocks(withinHours: 2000) { code agency { id } } }`);
    expect(mine.data.myClocks).toContainEqual({ code: 'T8', agency: { id: 'police-220102' } });
  });

  it('T7: forwarding hands the matter to the competent police, which must accept it afresh', async () => {
    const matter = await transferredMatter(world);
    await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
    expect(
      field(
        await step(world, POLICE.officer, 'forwardTransfer', matter.id, { toAgencyId: 'mib-220104', reasons: 'x' }),
      ),
    ).toBe('input.toAgencyId');
    // The gateway resolves the answer's matter from the shared subgraph, for the police that just lost sight of it.
    const forwarded = await world.as(
      POLICE.officer,
      `mutation($id: ID!, $input: ForwardTransferInput!) { forwardTransfer(matterId: $id, input: $input) { id stage } }`,
      { id: matter.id, input: { toAgencyId: 'police-220104', reasons: '主要犯罪地在朝阳区' } },
    );
    expect(forwarded).toMatchObject({ data: { forwardTransfer: null } });
    expect(forwarded.errors).toBeUndefined();
    expect((await world.as(POLICE.officer, MATTER_VIEW, { id: matter.id })).data?.matter).toBeNull();
    expect(await ok(world, POLICE.sibling, 'acceptTransfer', matter.id)).toBe('ACCEPTED');
    const notes = await world.as(MIB.officer, NOTIFICATIONS, { id: matter.id });
    expect(notes.data?.notifications.items.map((n) => n.step.code)).toEqual(['T4', 'T7', 'T4']);
  });

  it('T18: a jurisdiction dispute is settled by the police above both, not by a county police head', async () => {
    const matter = await transferredMatter(world);
    expect(
      code(
        await step(world, POLICE.siblingHead, 'designateJurisdiction', matter.id, {
          toAgencyId: 'police-220104',
          reasons: 'x',
        }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      code(
        await step(world, POLICE.head, 'designateJurisdiction', matter.id, {
          toAgencyId: 'police-220104',
          reasons: 'x',
        }),
      ),
    ).toBe('FORBIDDEN');
    const designate = (person: string) =>
      step(world, person, 'designateJurisdiction', matter.id, {
        toAgencyId: 'police-220104',
        reasons: '指定朝阳区分局管辖',
      });
    // Out of order, like any other step: no dispute was reported yet.
    expect(code(await designate(POLICE.cityHead))).toBe('WRONG_STATE');
    expect(
      await ok(world, POLICE.officer, 'requestDesignation', matter.id, { reasons: '主要犯罪地不明，报请指定管辖' }),
    ).toBe('TRANSFERRED');
    expect(code(await designate('police-220000-head'))).toBe('FORBIDDEN');
    expect((await designate(POLICE.cityHead)).errors).toBeUndefined();
    const repeat = await designate(POLICE.cityHead);
    expect(repeat.errors?.[0].extensions?.code).toBe('WRONG_STATE');
    const designations = await world.db
      .select()
      .from(documents)
      .where(and(eq(documents.matterId, matter.id), eq(documents.kind, 'DESIGNATION')));
    expect(designations).toHaveLength(1);
    const viewed = await viewMatter(world, MIB.officer, matter.id);
    expect(viewed.policeAgency?.id).toBe('police-220104');
    expect(viewed.clocks.filter((c) => !c.closedAt).map((c) => `${c.code}:${c.agency.id}`)).toEqual([
      'T4:police-220104',
    ]);
  });

  it('T9: not filing needs written reasons and the files returned; T12 is the bureau’s; T15–T17 are the procuratorate’s and police’s', async () => {
    const matter = await transferredMatter(world);
    await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
    expect(
      field(await step(world, POLICE.officer, 'decideFiling', matter.id, { filed: false, filesReturned: true })),
    ).toBe('input.reasons');
    expect(
      field(await step(world, POLICE.officer, 'decideFiling', matter.id, { filed: false, reasons: '证据不足' })),
    ).toBe('input.filesReturned');
    await ok(world, POLICE.officer, 'decideFiling', matter.id, {
      filed: false,
      reasons: '证据不足',
      filesReturned: true,
    });
    expect(code(await step(world, POLICE.officer, 'requestReconsideration', matter.id, { reasons: 'x' }))).toBe(
      'FORBIDDEN',
    );
    expect(
      code(await step(world, MIB.officer, 'handOverItems', matter.id, { items: [{ kind: 'ITEM_LIST', title: 'x' }] })),
    ).toBe('WRONG_STATE');
    expect(code(await step(world, PROSECUTOR, 'requestNonFilingReasons', matter.id))).toBe('WRONG_STATE');
    await ok(world, MIB.officer, 'requestFilingSupervision', matter.id, { reasons: '直接提请立案监督' });
    expect(code(await step(world, 'procuratorate-220104-prosecutor', 'requestNonFilingReasons', matter.id))).toBe(
      'NOT_FOUND',
    );
    await ok(world, PROSECUTOR, 'requestNonFilingReasons', matter.id);
    expect(code(await step(world, PROSECUTOR, 'explainNonFiling', matter.id, { reasons: 'x' }))).toBe('FORBIDDEN');
    await ok(world, POLICE.officer, 'explainNonFiling', matter.id, { reasons: '证据不足' });
    expect(
      code(await step(world, PROSECUTOR, 'upholdNonFilingReasons', matter.id, { reasons: '不立案理由成立' })),
    ).toBe('WRONG_STATE');
    expect(
      await ok(world, PROSECUTOR, 'acceptNonFilingReasons', matter.id, { finding: '经审查，不立案理由成立' }),
    ).toBe('NON_FILING_REASONS_ACCEPTED');
    const finding = await viewMatter(world, MIB.officer, matter.id);
    const t16 = finding.clocks.find((c) => c.code === 'T16' && !c.closedAt);
    const found = finding.timeline.find((s) => s.action === 'acceptNonFilingReasons');
    expect(t16).toMatchObject({ agency: { id: 'procuratorate-220102' }, startedAt: found?.takenAt });
    expect(await ok(world, PROSECUTOR, 'upholdNonFilingReasons', matter.id, { reasons: '不立案理由成立' })).toBe(
      'NON_FILING_UPHELD',
    );
    expect(code(await step(world, POLICE.officer, 'fileAfterOrder', matter.id, { policeCaseNumber: 'x' }))).toBe(
      'WRONG_STATE',
    );
  });

  it('shows each open clock to both sides of the step and to their supervisors, not to others', async () => {
    const matter = await transferredMatter(world);
    for (const viewer of [MIB.officer, POLICE.officer, PROSECUTOR, MIB.province, 'police-220000-head']) {
      const viewed = await viewMatter(world, viewer, matter.id);
      expect(
        viewed.clocks.filter((c) => !c.closedAt).map((c) => c.code),
        viewer,
      ).toEqual(['T4']);
    }
    for (const outsider of [MIB.sibling, POLICE.sibling, 'court-220102-judge']) {
      const { data } = await world.as(outsider, MATTER_VIEW, { id: matter.id });
      expect(data?.matter ?? null, outsider).toBeNull();
    }
  });

  it('numbers documents per agency and year with no gaps or duplicates under concurrent requests', async () => {
    const matters = await Promise.all(Array.from({ length: 12 }, () => openMatter(world)));
    const numbers = (await world.db.select().from(documents).where(eq(documents.kind, 'CASE_OPENING')))
      .filter((d) => d.agencyId === 'mib-220102')
      .map((d) => Number(/〕(\d+)号/.exec(d.number)![1]));
    expect(new Set(numbers).size).toBe(numbers.length);
    const sorted = [...numbers].sort((a, b) => a - b);
    expect(sorted).toEqual(Array.from({ length: sorted.length }, (_, i) => sorted[0] + i));
    expect(new Set(matters.map((m) => m.controlNumber)).size).toBe(12);
  });
});

describe('clocks follow the operator’s calendar and rule table without a release', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world.db
      .delete(clockRules)
      .where(and(eq(clockRules.code, 'T8'), eq(clockRules.variant, 'VERIFY'), eq(clockRules.basis, 'STANDARD')));
    await world.db.insert(clockRules).values(DEFAULT_CLOCK_RULES).onConflictDoNothing();
    forgetCalendar();
    await world?.stop();
  });

  it('takes a changed period from the rule table', async () => {
    await world.db
      .update(clockRules)
      .set({ amount: 5, citation: '运营方调整' })
      .where(and(eq(clockRules.code, 'T8'), eq(clockRules.variant, 'VERIFY'), eq(clockRules.basis, 'STANDARD')));
    const matter = await transferredMatter(world);
    await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
    await ok(world, POLICE.officer, 'extendFilingReview', matter.id, { variant: 'VERIFY', reasons: '线索需要查证' });
    const viewed = await viewMatter(world, POLICE.officer, matter.id);
    expect(viewed.clocks.find((c) => c.code === 'T8' && !c.closedAt)?.basis).toBe('运营方调整');
  });

  it('loads day overrides and added years from the database', async () => {
    await world.db
      .insert(calendarOverrides)
      .values({ day: '2030-01-02', kind: 'RESTDAY', note: 'test' })
      .onConflictDoNothing();
    await world.db.insert(calendarYears).values({ year: 2030, note: 'test' }).onConflictDoNothing();
    forgetCalendar();
    const calendar = await currentCalendar(world.db);
    expect(calendar.covers(2030)).toBe(true);
    expect(calendar.kindOf('2030-01-02')).toBe('RESTDAY');
    expect(calendar.kindOf('2030-01-03')).toBe('WORKDAY');
    expect(() => calendar.kindOf('2031-01-03')).toThrowError(/no holiday calendar for 2031/);
  });
});
