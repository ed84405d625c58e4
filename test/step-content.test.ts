import { beforeAll, describe, expect, it } from 'vitest';
import { type FastHub, fastHub } from './fast.ts';
import { graphql, type ResultOf } from './graphql.ts';
import { MIB, ok, openMatter, POLICE, PROSECUTOR, TRANSFER_ATTACHMENTS } from './procedure.ts';

/** What each step says, read by those entitled, and refused or masked to the others. */

let world: FastHub;
beforeAll(async () => {
  world = await fastHub();
});

const JUDGE = 'court-220102-judge';
const PROVINCE_MIB = MIB.province;
const REVIEWER = 'superior-220000-reviewer';
const TIMELINE = graphql(`query($id: ID!) { matter(id: $id) { timeline { action content {
  __typename
  ... on DecideTransferContent { approved reasons }
  ... on TransferToPoliceContent { attachments { kind title reference } penaltyDecisionNumber hasExpertOpinions }
  ... on RequestSupplementContent { missing }
  ... on SupplementMaterialContent { attachments { kind title } }
  ... on DecideFilingContent { filed reasons filesReturned policeCaseNumber }
  ... on RequestReconsiderationContent { reasons }
  ... on DecideReconsiderationContent { upheld reasons }
  ... on ExplainNonFilingContent { reasons }
  ... on AcceptNonFilingReasonsContent { finding }
  ... on ProsecuteContent { defendants charges }
  ... on RecordJudgmentContent { courtCaseNumber judged: defendants { name verdict charges imprisonmentMonths probationMonths fundActivityBan fine confiscation toRecover } }
  ... on RecordProceedsContent { kind amount description }
} } } }`);
type Content = NonNullable<NonNullable<ResultOf<typeof TIMELINE>['matter']>['timeline'][number]['content']>;
/** The content type a step of `action` answers: `decideTransfer`'s is DecideTransferContent. */
type ContentOf<A extends string> = Extract<Content, { __typename: `${Capitalize<A>}Content` }>;

async function contentOf<A extends string>(person: string, matterId: string, action: A) {
  const result = await world.as(person, TIMELINE, { id: matterId });
  if (result.errors?.some((e) => !e.path)) throw new Error(result.errors.map((e) => e.message).join('; '));
  const timeline = result.data?.matter?.timeline ?? [];
  const index = timeline.findIndex((s) => s.action === action);
  const errors = (result.errors ?? []).filter((e) => e.path?.[2] === index);
  return {
    content: timeline[index]?.content as ContentOf<A> | null | undefined,
    errors,
    visible: !!result.data?.matter,
  };
}

describe('step content', () => {
  let refused: string;
  let judged: string;
  beforeAll(async () => {
    const matter = await openMatter(world);
    refused = matter.id;
    const report = { officerIds: [MIB.officer, MIB.officer2], report: '经核实，涉嫌诈骗罪，建议移送。' };
    await ok(world, MIB.officer, 'submitTransferReport', refused, report);
    await ok(world, MIB.head, 'decideTransfer', refused, { approved: false, reasons: '证据尚不充分，补充调查' });
    await ok(world, MIB.officer, 'submitTransferReport', refused, report);
    await ok(world, MIB.head, 'decideTransfer', refused, { approved: true });
    await ok(world, MIB.officer, 'transferToPolice', refused, {
      attachments: [
        ...TRANSFER_ATTACHMENTS,
        { kind: 'PENALTY_DECISION', title: '行政处罚决定书（副本）', reference: '南医保罚〔2026〕9号' },
      ],
      penaltyDecisionNumber: '南医保罚〔2026〕9号',
      hasExpertOpinions: true,
    });
    await ok(world, POLICE.officer, 'acceptTransfer', refused);
    await ok(world, POLICE.officer, 'requestSupplement', refused, { missing: '询问笔录原件' });
    await ok(world, MIB.officer, 'supplementMaterial', refused, {
      attachments: [{ kind: 'SUPPLEMENT', title: '询问笔录原件三份' }],
    });
    await ok(world, POLICE.head, 'decideFiling', refused, {
      filed: false,
      reasons: '现有证据不足以证明犯罪事实',
      filesReturned: true,
    });
    await ok(world, MIB.officer, 'requestReconsideration', refused, { reasons: '骗取金额已达立案标准' });
    await ok(world, POLICE.head, 'decideReconsideration', refused, { upheld: true, reasons: '维持不予立案决定' });
    await ok(world, MIB.officer, 'requestFilingSupervision', refused, { reasons: '请求立案监督' });
    await ok(world, PROSECUTOR, 'requestNonFilingReasons', refused);
    await ok(world, POLICE.officer, 'explainNonFiling', refused, { reasons: '嫌疑人已退赔，情节显著轻微' });
    await ok(world, PROSECUTOR, 'acceptNonFilingReasons', refused, { finding: '经审查，不立案理由成立' });

    const second = await openMatter(world);
    judged = second.id;
    await ok(world, MIB.officer, 'submitTransferReport', judged, report);
    await ok(world, MIB.head, 'decideTransfer', judged, { approved: true });
    await ok(world, MIB.officer, 'transferToPolice', judged, { attachments: TRANSFER_ATTACHMENTS });
    await ok(world, POLICE.officer, 'acceptTransfer', judged);
    await ok(world, POLICE.head, 'decideFiling', judged, { filed: true, policeCaseNumber: '南公立字〔2026〕901号' });
    await ok(world, POLICE.officer, 'recordProceeds', judged, {
      kind: 'FROZEN',
      amount: '5000.00',
      description: '冻结银行存款',
    });
    await ok(world, POLICE.officer, 'sendForProsecution', judged, {
      suspects: ['张三丰'],
      amountDefrauded: '12345.67',
    });
    await ok(world, PROSECUTOR, 'prosecute', judged, {
      procuratorateCaseNumber: '南检刑诉〔2026〕901号',
      defendants: ['张三丰'],
      charges: ['FRAUD'],
    });
    await ok(world, JUDGE, 'recordJudgment', judged, {
      courtCaseNumber: '(2026)吉0102刑初901号',
      defendants: [
        {
          name: '张三丰',
          verdict: 'GUILTY',
          charges: ['FRAUD'],
          imprisonmentMonths: 12,
          probationMonths: 18,
          fundActivityBan: true,
          fine: '10000.00',
          toRecover: '12345.67',
        },
      ],
    });
  });

  it('keeps the reasons of a refused transfer (T2) to the bureau', async () => {
    const bureau = await contentOf(MIB.officer, refused, 'decideTransfer');
    expect(bureau.content).toEqual({
      __typename: 'DecideTransferContent',
      approved: false,
      reasons: '证据尚不充分，补充调查',
    });
    expect((await contentOf(PROVINCE_MIB, refused, 'decideTransfer')).content?.reasons).toBe('证据尚不充分，补充调查');
    for (const other of [POLICE.officer, PROSECUTOR, REVIEWER]) {
      const seen = await contentOf(other, refused, 'decideTransfer');
      expect(seen.content).toMatchObject({ approved: false, reasons: null });
      expect(seen.errors.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
    }
  });

  it('shows the police what was transferred (T3) and supplied (T6), and the bureau what was missing (T5)', async () => {
    const transferred = (await contentOf(POLICE.officer, refused, 'transferToPolice')).content;
    expect(transferred?.penaltyDecisionNumber).toBe('南医保罚〔2026〕9号');
    expect(transferred?.hasExpertOpinions).toBe(true);
    expect(transferred?.attachments?.map((a) => a.kind)).toEqual([
      'INVESTIGATION_REPORT',
      'ITEM_LIST',
      'EVIDENCE',
      'EXPERT_OPINION',
      'PENALTY_DECISION',
    ]);
    expect((await contentOf(MIB.officer, refused, 'requestSupplement')).content).toMatchObject({
      missing: '询问笔录原件',
    });
    expect((await contentOf(POLICE.officer, refused, 'supplementMaterial')).content?.attachments).toEqual([
      { kind: 'SUPPLEMENT', title: '询问笔录原件三份' },
    ]);
  });

  it('lets the bureau and the procuratorate read why the police did not file (T9, T13, T15) and the procuratorate’s finding (T16)', async () => {
    for (const reader of [MIB.officer, PROSECUTOR]) {
      expect((await contentOf(reader, refused, 'decideFiling')).content).toMatchObject({
        filed: false,
        reasons: '现有证据不足以证明犯罪事实',
        filesReturned: true,
      });
      expect((await contentOf(reader, refused, 'decideReconsideration')).content).toMatchObject({
        upheld: true,
        reasons: '维持不予立案决定',
      });
      expect((await contentOf(reader, refused, 'explainNonFiling')).content).toMatchObject({
        reasons: '嫌疑人已退赔，情节显著轻微',
      });
    }
    expect((await contentOf(MIB.officer, refused, 'acceptNonFilingReasons')).content).toMatchObject({
      finding: '经审查，不立案理由成立',
    });
    expect((await contentOf(POLICE.officer, refused, 'requestReconsideration')).content).toMatchObject({
      reasons: '骗取金额已达立案标准',
    });
    expect((await contentOf('mib-220104-officer-1', refused, 'decideFiling')).visible).toBe(false);
  });

  it('tells the bureau the judgment per defendant (G §24 ¶2), with names in full to the parties and masked to supervisors', async () => {
    const judgment = (await contentOf(MIB.officer, judged, 'recordJudgment')).content;
    expect(judgment?.judged).toEqual([
      {
        name: '张三丰',
        verdict: 'GUILTY',
        charges: ['FRAUD'],
        imprisonmentMonths: 12,
        probationMonths: 18,
        fundActivityBan: true,
        fine: '10000.00',
        confiscation: null,
        toRecover: '12345.67',
      },
    ]);
    expect((await contentOf(JUDGE, judged, 'prosecute')).content?.defendants).toEqual(['张三丰']);
    for (const supervisor of [PROVINCE_MIB, REVIEWER, 'mib-220102-analyst']) {
      expect((await contentOf(supervisor, judged, 'recordJudgment')).content?.judged?.[0]).toMatchObject({
        name: '张某某',
        fine: '10000.00',
      });
      expect((await contentOf(supervisor, judged, 'prosecute')).content?.defendants).toEqual(['张某某']);
    }
    expect((await contentOf(MIB.officer, judged, 'recordProceeds')).content).toEqual({
      __typename: 'RecordProceedsContent',
      kind: 'FROZEN',
      amount: '5000.00',
      description: '冻结银行存款',
    });
    expect((await contentOf(null as never, judged, 'recordJudgment')).visible).toBe(false);
  });
});
