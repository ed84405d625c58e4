import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FastHub, fastHub } from './fast.ts';
import { graphql } from './graphql.ts';
import { MIB, ok, POLICE, PROSECUTOR, penalise, step, type TestHub, transferredMatter } from './procedure.ts';
import { type GraphQLResponse, startWorld, TOPOLOGIES, type World } from './world.ts';

const JUDGE = 'court-220102-judge';
/** Today in Asia/Shanghai, YYYY-MM-DD. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const NOTIFICATIONS = graphql(
  `query($id: ID) { notifications(matterId: $id) { items { id step { code document { kind number } } acknowledgedAt } } }`,
);
const VIEW = graphql(`query($id: ID!) { matter(id: $id) {
  stage controlNumber policeCaseNumber procuratorateCaseNumber courtCaseNumber courtAgency { id }
  amounts { defrauded recovered returned }
  timeline { code action agency { id } document { kind number } }
} }`);

const GUILTY = {
  name: '张三丰',
  verdict: 'GUILTY',
  charges: ['FRAUD'],
  imprisonmentMonths: 36,
  probationMonths: 48,
  fundActivityBan: true,
  fine: '50000.00',
  toRecover: '12345.67',
};

async function filedMatter(world: TestHub) {
  const matter = await transferredMatter(world);
  await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
  await ok(world, POLICE.officer, 'decideFiling', matter.id, {
    filed: true,
    policeCaseNumber: '南公(经)立字〔2026〕101号',
  });
  return matter;
}

async function sentMatter(world: TestHub) {
  const matter = await filedMatter(world);
  await ok(world, POLICE.officer, 'sendForProsecution', matter.id, {
    suspects: ['张三丰'],
    amountDefrauded: '12345.67',
  });
  return matter;
}

describe.each(TOPOLOGIES)('after filing, through the gateway (%s)', (topology) => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(topology);
  });
  afterAll(() => world?.stop());

  it('follows a matter from filing to an effective judgment and the money back in the fund, telling the bureau of every outcome', async () => {
    const matter = await filedMatter(world);
    await ok(world, POLICE.officer, 'reportInvestigationProgress', matter.id, {
      progress: '已调取结算数据，询问证人5名',
      suspectsDetained: 1,
    });
    await ok(world, POLICE.officer, 'recordProceeds', matter.id, {
      kind: 'FROZEN',
      amount: '20000.00',
      description: '冻结银行账户',
    });
    expect(
      await ok(world, POLICE.officer, 'sendForProsecution', matter.id, {
        suspects: ['张三丰'],
        amountDefrauded: '12345.67',
      }),
    ).toBe('SENT_FOR_PROSECUTION');
    expect(
      await ok(world, PROSECUTOR, 'prosecute', matter.id, {
        procuratorateCaseNumber: '南检刑诉〔2026〕45号',
        defendants: ['张三丰'],
        charges: ['FRAUD'],
      }),
    ).toBe('PROSECUTED');
    expect(
      await ok(world, JUDGE, 'recordJudgment', matter.id, {
        courtCaseNumber: '(2026)吉0102刑初123号',
        defendants: [GUILTY],
      }),
    ).toBe('JUDGED');
    expect(await ok(world, JUDGE, 'recordJudgmentEffective', matter.id, { effectiveOn: today() })).toBe(
      'JUDGMENT_EFFECTIVE',
    );
    await ok(world, JUDGE, 'recordRecovery', matter.id, {
      kind: 'RECOVERED',
      amount: '12345.67',
      description: '执行追缴',
    });
    await ok(world, MIB.officer, 'confirmReturnToFund', matter.id, {
      amount: '12345.67',
      voucher: '吉医保基金专户2026-0456',
    });

    const { data, errors } = await world.as(MIB.officer, VIEW, { id: matter.id });
    expect(errors).toBeUndefined();
    expect(data?.matter).toMatchObject({
      stage: 'JUDGMENT_EFFECTIVE',
      policeCaseNumber: '南公(经)立字〔2026〕101号',
      procuratorateCaseNumber: '南检刑诉〔2026〕45号',
      courtCaseNumber: '(2026)吉0102刑初123号',
      courtAgency: { id: 'court-220102' },
      amounts: { defrauded: '12345.67', recovered: '12345.67', returned: '12345.67' },
    });
    expect(data?.matter?.timeline.map((s) => s.code)).toEqual([
      'T1',
      'T2',
      'T3',
      'T4',
      'T9',
      'INVESTIGATION',
      'PROCEEDS',
      'SEND_FOR_PROSECUTION',
      'PROSECUTION',
      'JUDGMENT',
      'JUDGMENT_EFFECTIVE',
      'PROCEEDS',
      'RETURN_TO_FUND',
    ]);
    expect(data?.matter?.timeline.every((s) => s.document?.number)).toBe(true);

    const notes = await world.as(MIB.officer, NOTIFICATIONS, { id: matter.id });
    expect(notes.data?.notifications.items.map((n) => `${n.step.code}:${n.step.document?.kind}`)).toEqual([
      'T4:RECEIPT',
      'T9:FILING_NOTICE',
      'INVESTIGATION:INVESTIGATION_REPORT',
      'PROCEEDS:PROCEEDS_RECORD',
      'SEND_FOR_PROSECUTION:PROSECUTION_OPINION',
      'PROSECUTION:INDICTMENT',
      'JUDGMENT:JUDGMENT',
      'JUDGMENT_EFFECTIVE:EFFECTIVE_NOTICE',
      'PROCEEDS:PROCEEDS_RECORD',
    ]);

    const first = notes.data!.notifications.items[0].id;
    expect(
      (await world.as(POLICE.officer, `mutation($id: ID!) { acknowledgeNotification(id: $id) { id } }`, { id: first }))
        .errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    const ack = await world.as(
      MIB.officer,
      `mutation($id: ID!) { acknowledgeNotification(id: $id) { acknowledgedAt } }`,
      { id: first },
    );
    expect(ack.data.acknowledgeNotification.acknowledgedAt).toMatch(/\+08:00$/);
    const open = await world.as(
      MIB.officer,
      `query($id: ID) { notifications(matterId: $id, unacknowledged: true) { items { id } } }`,
      { id: matter.id },
    );
    expect(open.data.notifications.items).toHaveLength(8);
  });

  it('ends a non-prosecution with back-transfer in the bureau’s recorded penalty', async () => {
    const matter = await sentMatter(world);
    expect(
      await ok(world, PROSECUTOR, 'declineProsecution', matter.id, {
        procuratorateCaseNumber: '南检不诉〔2026〕3号',
        kind: 'DISCRETIONARY',
        reasons: '犯罪情节轻微，已退赔',
      }),
    ).toBe('NOT_PROSECUTED');
    expect(await ok(world, PROSECUTOR, 'backTransferToBureau', matter.id, { opinion: '建议依法给予行政处罚' })).toBe(
      'BACK_TRANSFERRED',
    );
    // The follow-up reports the penalty the bureau recorded on the case (A1), not a number typed in.
    const before = await step(world, MIB.officer, 'recordAdministrativeFollowUp', matter.id, { penalised: true });
    expect(before.errors?.[0].extensions?.code).toBe('WRONG_STATE');
    await penalise(world, matter.id, '依检察意见给予行政处罚');
    const wrong = await step(world, MIB.officer, 'recordAdministrativeFollowUp', matter.id, {
      penalised: true,
      penaltyAmount: '1.00',
    });
    expect(wrong.errors?.[0].extensions?.field).toBe('input.penaltyAmount');
    expect(await ok(world, MIB.officer, 'recordAdministrativeFollowUp', matter.id, { penalised: true })).toBe(
      'ADMINISTRATIVELY_CLOSED',
    );
    const content = await world.as(
      MIB.officer,
      `query($id: ID!) { matter(id: $id) { timeline { content { ... on RecordAdministrativeFollowUpContent { penaltyDecisionNumber penaltyAmount } } } } }`,
      { id: matter.id },
    );
    expect(content.data.matter.timeline.at(-1).content).toMatchObject({
      penaltyDecisionNumber: expect.stringMatching(/罚决〔\d{4}〕\d+号$/),
      penaltyAmount: '24691.34',
    });
    const { data } = await world.as(MIB.officer, VIEW, { id: matter.id });
    expect(data?.matter?.timeline.slice(-4).map((s) => s.code)).toEqual([
      'NON_PROSECUTION',
      'BACK_TRANSFER',
      'A1',
      'ADMINISTRATIVE_FOLLOW_UP',
    ]);
  });
});

describe('after filing: who may do what', () => {
  let world: FastHub;
  beforeAll(async () => {
    world = await fastHub();
  });
  const code = (r: GraphQLResponse) => r.errors?.[0]?.extensions?.code;

  it('keeps a matter from the court until it is prosecuted to it, and from other courts always', async () => {
    const matter = await sentMatter(world);
    expect((await world.as(JUDGE, VIEW, { id: matter.id })).data?.matter).toBeNull();
    expect(
      code(
        await step(world, JUDGE, 'recordJudgment', matter.id, {
          courtCaseNumber: '(2026)吉0102刑初1号',
          defendants: [GUILTY],
        }),
      ),
    ).toBe('NOT_FOUND');
    await ok(world, PROSECUTOR, 'prosecute', matter.id, {
      procuratorateCaseNumber: '南检刑诉〔2026〕46号',
      defendants: ['张三丰'],
      charges: ['FRAUD'],
    });
    expect((await world.as(JUDGE, VIEW, { id: matter.id })).data?.matter?.stage).toBe('PROSECUTED');
    expect((await world.as('court-220104-judge', VIEW, { id: matter.id })).data?.matter).toBeNull();
  });

  it('does not let police record a judgment, nor a procuratorate prosecute a matter never sent to it', async () => {
    const matter = await filedMatter(world);
    expect(
      code(
        await step(world, POLICE.head, 'recordJudgment', matter.id, {
          courtCaseNumber: '(2026)吉0102刑初2号',
          defendants: [GUILTY],
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      code(
        await step(world, PROSECUTOR, 'prosecute', matter.id, {
          procuratorateCaseNumber: 'x',
          defendants: ['张三丰'],
          charges: ['FRAUD'],
        }),
      ),
    ).toBe('WRONG_STATE');
    expect(
      code(
        await step(world, 'procuratorate-220104-prosecutor', 'prosecute', matter.id, {
          procuratorateCaseNumber: 'x',
          defendants: ['张三丰'],
          charges: ['FRAUD'],
        }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('checks a judgment (probation needs a prison term, the fund ban needs probation, the case number its form); an appeal goes to the higher court', async () => {
    const matter = await sentMatter(world);
    await ok(world, PROSECUTOR, 'prosecute', matter.id, {
      procuratorateCaseNumber: '南检刑诉〔2026〕47号',
      defendants: ['张三丰'],
      charges: ['FRAUD'],
    });
    const judge = (defendant: object, courtCaseNumber = '(2026)吉0102刑初9号') =>
      step(world, JUDGE, 'recordJudgment', matter.id, { courtCaseNumber, defendants: [{ ...GUILTY, ...defendant }] });
    expect((await judge({ imprisonmentMonths: null })).errors?.[0].extensions?.field).toBe(
      'input.defendants.0.probationMonths',
    );
    expect((await judge({ probationMonths: null })).errors?.[0].extensions?.field).toBe(
      'input.defendants.0.fundActivityBan',
    );
    expect((await judge({ charges: [] })).errors?.[0].extensions?.field).toBe('input.defendants.0.charges');
    expect((await judge({ fine: '1.001' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await judge({}, '吉0102刑初9号')).errors?.[0].extensions?.field).toBe('input.courtCaseNumber');
    expect(
      await ok(world, JUDGE, 'recordJudgment', matter.id, {
        courtCaseNumber: '(2026)吉0102刑初9号',
        defendants: [GUILTY],
      }),
    ).toBe('JUDGED');
    const appeal = await step(world, JUDGE, 'recordAppeal', matter.id, { by: 'DEFENDANT' });
    expect(appeal.errors).toBeUndefined();
    // The matter went up to the higher court: the first instance no longer sees it.
    expect(appeal.data.recordAppeal.stage).toBeNull();
    expect(
      (await world.as(JUDGE, 'query($id: ID!) { matter(id: $id) { id } }', { id: matter.id })).data.matter,
    ).toBeNull();
    expect(
      code(
        await step(world, JUDGE, 'recordJudgment', matter.id, {
          courtCaseNumber: '(2026)吉01刑终9号',
          defendants: [GUILTY],
        }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      await ok(world, 'court-220100-judge', 'recordJudgment', matter.id, {
        courtCaseNumber: '(2026)吉01刑终9号',
        defendants: [GUILTY],
      }),
    ).toBe('JUDGED');
    const { data } = await world.as(MIB.officer, VIEW, { id: matter.id });
    expect(data?.matter).toMatchObject({ courtCaseNumber: '(2026)吉01刑终9号', courtAgency: { id: 'court-220100' } });
  });

  it('refuses to return more to the fund than was recovered', async () => {
    const matter = await filedMatter(world);
    await ok(world, POLICE.officer, 'recordProceeds', matter.id, {
      kind: 'RECOVERED',
      amount: '100.00',
      description: '追缴现金',
    });
    await ok(world, MIB.officer, 'confirmReturnToFund', matter.id, { amount: '60', voucher: 'V-1' });
    const over = await step(world, MIB.officer, 'confirmReturnToFund', matter.id, { amount: '40.01', voucher: 'V-2' });
    expect(over.errors?.[0].extensions?.field).toBe('input.amount');
    await ok(world, MIB.officer, 'confirmReturnToFund', matter.id, { amount: '40.00', voucher: 'V-2' });
    const { data } = await world.as(MIB.officer, VIEW, { id: matter.id });
    expect(data?.matter?.amounts).toEqual({ defrauded: null, recovered: '100.00', returned: '100.00' });
  });
});
