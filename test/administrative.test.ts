import { beforeAll, describe, expect, it } from 'vitest';
import { type FastHub, fastHub } from './fast.ts';
import { graphql } from './graphql.ts';
import { reportLead } from './leads.fixtures.ts';
import { MIB, ok, POLICE, PROSECUTOR, step, TRANSFER_ATTACHMENTS, transferredMatter } from './procedure.ts';
import { creditCode } from './world.ts';

const JUDGE = 'court-220102-judge';

const VIEW = graphql(`query AdministrativeView($id: ID!) { matter(id: $id) {
  stage administrativeStage
  penalty { outcome article subjectKind documentNumber lossAmount orderedReturn fineMultiple fine
    serviceSuspensionMonths settlementSuspensionMonths finePaid returned decidedAt servedAt closedAt closingReason }
  clocks { code variant startedAt dueAt optional closedAt }
  timeline { code action document { kind number } }
} }`);

const view = async (hub: FastHub, person: string, id: string) => {
  const result = await hub.as(person, VIEW, { id });
  expect(result.errors).toBeUndefined();
  return result.data!.matter!;
};

const errorOf = (result: { errors?: { extensions?: { code?: string; field?: string } }[] }) => ({
  code: result.errors?.[0]?.extensions?.code,
  field: result.errors?.[0]?.extensions?.field,
});

/** A case about an institution (a pharmacy), opened by the bureau: arts. 38–40 apply to it. */
async function institutionCase(world: FastHub) {
  const lead = await world.as(MIB.officer, `mutation($input: LeadInput!) { createLead(input: $input) { id } }`, {
    input: reportLead({
      subject: {
        kind: 'INSTITUTION',
        name: '长春市南关区康宁大药房有限公司',
        creditCode: creditCode('91220102MA0000001'),
      },
      behaviours: ['INST_SUBSTITUTION'],
      suspectedAmount: '12345.67',
    }),
  });
  expect(lead.errors).toBeUndefined();
  const opened = await world.as(
    MIB.officer,
    `mutation($lead: ID!) { openCase(leadId: $lead, input: { title: "某药房串换药品骗保案" }) { id } }`,
    { lead: lead.data.createLead.id },
  );
  expect(opened.errors).toBeUndefined();
  return opened.data.openCase.id as string;
}

const PENALTY = {
  outcome: 'PENALISED',
  article: 'REGULATION_40',
  lossAmount: '12345.67',
  orderedReturn: '12345.67',
  fineMultiple: '2.5',
  serviceSuspensionMonths: 6,
  reasons: '经查，该药房串换药品骗取医保基金12345.67元，事实清楚，证据确凿。',
};

describe('the administrative side of a case', () => {
  let world: FastHub;
  beforeAll(async () => {
    world = await fastHub();
  });

  it('opens, penalises, serves, enforces and closes a case, each with its numbered document and clock', async () => {
    const id = await institutionCase(world);
    const opened = await view(world, MIB.officer, id);
    expect(opened.administrativeStage).toBe('INVESTIGATING');
    const a1 = opened.clocks.find((c) => c.code === 'A1');
    expect(a1).toMatchObject({ variant: 'STANDARD', optional: false, closedAt: null });

    // The head decides; the article must fit the party, and the fine its range.
    expect(errorOf(await step(world, MIB.officer, 'decidePenalty', id, PENALTY)).code).toBe('FORBIDDEN');
    expect(errorOf(await step(world, MIB.head, 'decidePenalty', id, { ...PENALTY, article: 'REGULATION_41' }))).toEqual(
      {
        code: 'BAD_USER_INPUT',
        field: 'input.article',
      },
    );
    expect(errorOf(await step(world, MIB.head, 'decidePenalty', id, { ...PENALTY, fineMultiple: '6' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.fineMultiple',
    });
    expect(
      errorOf(await step(world, MIB.head, 'decidePenalty', id, { ...PENALTY, orderedReturn: '20000.00' })),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.orderedReturn' });
    expect(
      errorOf(await step(world, MIB.officer, 'servePenaltyDecision', id, { means: 'DIRECT', recipient: '王某' })).code,
    ).toBe('WRONG_STATE');

    await ok(world, MIB.head, 'decidePenalty', id, PENALTY);
    const decided = await view(world, MIB.officer, id);
    expect(decided.administrativeStage).toBe('DECIDED');
    expect(decided.stage).toBe('CASE_OPEN');
    expect(decided.penalty).toMatchObject({
      outcome: 'PENALISED',
      article: 'REGULATION_40',
      subjectKind: 'INSTITUTION',
      lossAmount: '12345.67',
      orderedReturn: '12345.67',
      fineMultiple: '2.50',
      // 12,345.67 × 2.5 = 30,864.175, rounded half up to the fen.
      fine: '30864.18',
      serviceSuspensionMonths: 6,
      finePaid: '0.00',
      returned: '0.00',
    });
    expect(decided.penalty?.documentNumber).toMatch(/^.+罚决〔\d{4}〕\d+号$/);
    expect(decided.clocks.find((c) => c.code === 'A1')!.closedAt).not.toBeNull();
    expect(decided.clocks.find((c) => c.code === 'A2')).toMatchObject({ closedAt: null });
    expect(errorOf(await step(world, MIB.head, 'decidePenalty', id, PENALTY)).code).toBe('WRONG_STATE');

    await ok(world, MIB.officer, 'servePenaltyDecision', id, { means: 'DIRECT', recipient: '王某某' });
    const served = await view(world, MIB.officer, id);
    expect(served.administrativeStage).toBe('SERVED');
    expect(served.penalty!.servedAt).not.toBeNull();
    expect(served.clocks.find((c) => c.code === 'A3')).toMatchObject({
      optional: true,
      closedAt: null,
    });

    expect(
      errorOf(
        await step(world, MIB.officer, 'recordPenaltyEnforcement', id, { kind: 'FINE_PAID', amount: '30864.19' }),
      ),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.amount' });
    expect(errorOf(await step(world, MIB.officer, 'recordPenaltyEnforcement', id, { kind: 'FINE_PAID' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.amount',
    });
    await ok(world, MIB.officer, 'recordPenaltyEnforcement', id, {
      kind: 'FINE_PAID',
      amount: '30000.00',
      voucher: 'JK001',
    });
    await ok(world, MIB.officer, 'recordPenaltyEnforcement', id, {
      kind: 'FINE_PAID',
      amount: '864.18',
      voucher: 'JK002',
    });
    expect((await view(world, MIB.officer, id)).administrativeStage).toBe('SERVED');
    await ok(world, MIB.officer, 'recordPenaltyEnforcement', id, {
      kind: 'RETURNED_TO_FUND',
      amount: '12345.67',
      voucher: 'TH001',
    });
    const enforced = await view(world, MIB.officer, id);
    expect(enforced.administrativeStage).toBe('ENFORCED');
    expect(enforced.penalty).toMatchObject({ finePaid: '30864.18', returned: '12345.67' });

    expect(errorOf(await step(world, MIB.head, 'closeAdministrativeCase', id, { reason: 'NOT_PENALISED' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.reason',
    });
    await ok(world, MIB.head, 'closeAdministrativeCase', id, { reason: 'ENFORCED' });
    const closed = await view(world, MIB.officer, id);
    expect(closed.administrativeStage).toBe('CLOSED');
    expect(closed.penalty).toMatchObject({ closingReason: 'ENFORCED' });
    expect(closed.timeline.map((s) => s.code)).toEqual(['A1', 'A2', 'A3', 'A3', 'A3', 'A4']);
    expect(closed.timeline.map((s) => s.document?.kind)).toEqual([
      'PENALTY_DECISION',
      'SERVICE_RECEIPT',
      'ENFORCEMENT_RECORD',
      'ENFORCEMENT_RECORD',
      'ENFORCEMENT_RECORD',
      'CASE_CLOSING',
    ]);
    expect(closed.clocks.filter((c) => !c.closedAt)).toEqual([]);

    // The bureau's own steps tell nobody (they are its own); each one is in the audit log.
    const notes = await world.as(MIB.officer, `query($id: ID) { notifications(matterId: $id) { items { id } } }`, {
      id,
    });
    expect(notes.data.notifications.items).toEqual([]);
    const audit = await world.as(
      MIB.head,
      graphql('query StepsAudited { auditEntries(first: 200) { action targetId } }'),
    );
    expect(audit.errors).toBeUndefined();
    const taken = audit.data!.auditEntries.filter((e) => e.action === 'STEP_TAKEN' && e.targetId === id);
    expect(taken).toHaveLength(closed.timeline.length);
  });

  it('approves instalments, asks the court to enforce, and closes on that', async () => {
    const id = await institutionCase(world);
    await ok(world, MIB.head, 'decidePenalty', id, PENALTY);
    await ok(world, MIB.officer, 'servePenaltyDecision', id, { means: 'PUBLIC_NOTICE', recipient: '公告' });
    expect(
      errorOf(await step(world, MIB.head, 'closeAdministrativeCase', id, { reason: 'COMPULSORY_ENFORCEMENT' })),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.reason',
    });
    expect(
      errorOf(
        await step(world, MIB.officer, 'recordPenaltyEnforcement', id, {
          kind: 'INSTALMENTS_APPROVED',
          amount: '1.00',
        }),
      ),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.amount' });
    await ok(world, MIB.head, 'recordPenaltyEnforcement', id, { kind: 'INSTALMENTS_APPROVED', note: '分三期缴纳' });
    await ok(world, MIB.head, 'recordPenaltyEnforcement', id, {
      kind: 'COMPULSORY_REQUESTED',
      voucher: '(2026)吉0102行审1号',
    });
    await ok(world, MIB.head, 'closeAdministrativeCase', id, { reason: 'COMPULSORY_ENFORCEMENT' });
    const closed = await view(world, MIB.head, id);
    expect(closed.administrativeStage).toBe('CLOSED');
    expect(closed.timeline.map((s) => s.document?.kind)).toEqual([
      'PENALTY_DECISION',
      'SERVICE_RECEIPT',
      'INSTALMENT_APPROVAL',
      'COMPULSORY_ENFORCEMENT_REQUEST',
      'CASE_CLOSING',
    ]);
  });

  it('extends the 90 days once, with the head’s reasons, to 120 from the opening', async () => {
    const id = await institutionCase(world);
    expect(errorOf(await step(world, MIB.officer, 'extendPenaltyPeriod', id, { reasons: '案情复杂' })).code).toBe(
      'FORBIDDEN',
    );
    await ok(world, MIB.head, 'extendPenaltyPeriod', id, { reasons: '涉案机构多，需调取三年结算数据' });
    const clocks = (await view(world, MIB.head, id)).clocks.filter((c) => c.code === 'A1');
    expect(clocks.map((c) => c.variant)).toEqual(['STANDARD', 'EXTENDED']);
    expect(clocks[1].startedAt).toBe(clocks[0].startedAt);
    expect(errorOf(await step(world, MIB.head, 'extendPenaltyPeriod', id, { reasons: '再延长' })).code).toBe(
      'WRONG_STATE',
    );
  });

  it('decides no penalty, or handles under the agreement, and closes with that reason', async () => {
    const none = await institutionCase(world);
    await ok(world, MIB.head, 'decidePenalty', none, { outcome: 'NOT_PENALISED', reasons: '违法事实不能成立' });
    expect((await view(world, MIB.head, none)).clocks.find((c) => c.code === 'A2')).toBeUndefined();
    await ok(world, MIB.head, 'closeAdministrativeCase', none, { reason: 'NOT_PENALISED' });

    const agreement = await institutionCase(world);
    expect(
      errorOf(
        await step(world, MIB.head, 'decidePenalty', agreement, {
          outcome: 'AGREEMENT',
          agreementActions: [],
          reasons: '协议第十条',
        }),
      ),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.agreementActions' });
    await ok(world, MIB.head, 'decidePenalty', agreement, {
      outcome: 'AGREEMENT',
      agreementActions: ['REFUSE_PAYMENT', 'INTERVIEW'],
      refusedAmount: '3000.00',
      reasons: '违反服务协议第十条',
    });
    const handled = await view(world, MIB.head, agreement);
    expect(handled.administrativeStage).toBe('AGREEMENT_HANDLED');
    expect(handled.penalty?.documentNumber).toMatch(/协处〔\d{4}〕\d+号$/);
    await ok(world, MIB.head, 'closeAdministrativeCase', agreement, { reason: 'AGREEMENT_HANDLED' });
  });

  it('penalises an individual under art. 41 with a settlement suspension, and refuses an institution’s sanction for them', async () => {
    const lead = await world.as(MIB.officer, `mutation($input: LeadInput!) { createLead(input: $input) { id } }`, {
      input: reportLead(),
    });
    const opened = await world.as(
      MIB.officer,
      `mutation($lead: ID!) { openCase(leadId: $lead, input: { title: "冒用医保卡案" }) { id } }`,
      { lead: lead.data.createLead.id },
    );
    const id = opened.data.openCase.id;
    const person = {
      outcome: 'PENALISED',
      article: 'REGULATION_41',
      lossAmount: '2000.00',
      orderedReturn: '2000.00',
      fineMultiple: '2',
      settlementSuspensionMonths: 6,
      reasons: '冒用他人医保凭证就医购药',
    };
    expect(
      errorOf(await step(world, MIB.head, 'decidePenalty', id, { ...person, settlementSuspensionMonths: 13 })),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.settlementSuspensionMonths' });
    expect(
      errorOf(await step(world, MIB.head, 'decidePenalty', id, { ...person, serviceSuspensionMonths: 6 })),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.serviceSuspensionMonths' });
    await ok(world, MIB.head, 'decidePenalty', id, person);
    expect((await view(world, MIB.head, id)).penalty).toMatchObject({ fine: '4000.00', settlementSuspensionMonths: 6 });
  });

  it('a penalty does not stop a transfer, and the court sees the fine already paid', async () => {
    const id = await institutionCase(world);
    await ok(world, MIB.head, 'decidePenalty', id, PENALTY);
    await ok(world, MIB.officer, 'servePenaltyDecision', id, { means: 'POSTAL', recipient: '王某某' });
    await ok(world, MIB.officer, 'recordPenaltyEnforcement', id, { kind: 'FINE_PAID', amount: '10000.00' });
    await ok(world, MIB.officer, 'submitTransferReport', id, {
      officerIds: [MIB.officer, MIB.officer2],
      report: '经核实，涉嫌诈骗罪，建议移送。',
    });
    await ok(world, MIB.head, 'decideTransfer', id, { approved: true });
    // The recorded decision's copy must go with the transfer (J 三(二)), named or not.
    expect(
      errorOf(await step(world, MIB.officer, 'transferToPolice', id, { attachments: TRANSFER_ATTACHMENTS })),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.attachments',
    });
    await ok(world, MIB.officer, 'transferToPolice', id, {
      attachments: [...TRANSFER_ATTACHMENTS, { kind: 'PENALTY_DECISION', title: '行政处罚决定书（副本）' }],
    });
    await ok(world, POLICE.officer, 'acceptTransfer', id);
    await ok(world, POLICE.officer, 'decideFiling', id, { filed: true, policeCaseNumber: '南公(经)立字〔2026〕301号' });
    await ok(world, POLICE.officer, 'sendForProsecution', id, { suspects: ['王五'], amountDefrauded: '12345.67' });
    await ok(world, PROSECUTOR, 'prosecute', id, {
      procuratorateCaseNumber: '南检刑诉〔2026〕301号',
      defendants: ['王五'],
      charges: ['FRAUD'],
    });
    // The service and the enforcement go on while the criminal path runs: the rest is paid after the transfer.
    await ok(world, MIB.officer, 'recordPenaltyEnforcement', id, { kind: 'FINE_PAID', amount: '864.18' });
    const court = await world.as(
      JUDGE,
      `query($id: ID!) { matter(id: $id) { stage penalty { outcome fine finePaid documentNumber } } }`,
      { id },
    );
    expect(court.errors).toBeUndefined();
    expect(court.data.matter).toMatchObject({
      stage: 'PROSECUTED',
      penalty: { outcome: 'PENALISED', fine: '30864.18', finePaid: '10864.18' },
    });
  });

  it('a case transferred before a penalty gets a new 90 days when the police do not file it, and is penalised then', async () => {
    const matter = await transferredMatter(world);
    // Closed as transferred, it opens again when it comes back.
    await ok(world, MIB.head, 'closeAdministrativeCase', matter.id, { reason: 'TRANSFERRED' });
    expect((await view(world, MIB.officer, matter.id)).administrativeStage).toBe('TRANSFERRED');
    const before = await view(world, MIB.officer, matter.id);
    const first = before.clocks.find((c) => c.code === 'A1');
    expect(first!.closedAt).not.toBeNull();
    expect(
      errorOf(await step(world, MIB.head, 'decidePenalty', matter.id, { outcome: 'NOT_PENALISED', reasons: 'x' })).code,
    ).toBe('WRONG_STATE');
    await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
    await ok(world, POLICE.officer, 'decideFiling', matter.id, {
      filed: false,
      reasons: '情节显著轻微，不认为是犯罪',
      filesReturned: true,
    });
    const stage = await world.as(MIB.officer, `query($id: ID!) { matter(id: $id) { stage } }`, { id: matter.id });
    if (stage.data.matter.stage === 'NON_FILING_DECIDED')
      await ok(world, POLICE.officer, 'notifyFilingDecision', matter.id);
    const back = await view(world, MIB.officer, matter.id);
    expect(back.stage).toBe('NOT_FILED');
    expect(back.administrativeStage).toBe('INVESTIGATING');
    expect(back.clocks.filter((c) => c.code === 'A1' && !c.closedAt)).toHaveLength(1);
    await ok(world, MIB.head, 'decidePenalty', matter.id, {
      outcome: 'PENALISED',
      article: 'REGULATION_41',
      lossAmount: '12345.67',
      orderedReturn: '12345.67',
      settlementSuspensionMonths: 3,
      reasons: '不予立案后依法给予行政处罚',
    });
    expect((await view(world, MIB.officer, matter.id)).administrativeStage).toBe('DECIDED');
  });
});
