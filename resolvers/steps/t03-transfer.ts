import { z } from 'zod';
import { invalid } from '../../domain/errors.ts';
import { zAttachments, zCaseNumber, zId } from '../../domain/validate.ts';
import { agencyOf, sameLevel } from '../agencies.ts';
import { recordedPenalty } from '../procedure/penalties.ts';
import { action, defineStep, stepRecord } from '../procedure/step.ts';

const transfer = z.object({
  attachments: zAttachments,
  hasExpertOpinions: z
    .boolean()
    .nullish()
    .describe('The case has test reports or expert opinions (检验报告、鉴定意见): they go with the transfer.'),
  penaltyDecisionNumber: zCaseNumber
    .nullish()
    .describe('The administrative penalty decision already made, if any: its copy goes with the transfer.'),
});

/** What every transfer carries (J 三(二)): the investigation report, the list of items, the evidence. */
const ALWAYS: Record<string, string> = {
  INVESTIGATION_REPORT: '案件调查报告',
  ITEM_LIST: '涉案物品清单',
  EVIDENCE: '书证、物证等证据材料',
};

/** T3, with T3a: the transfer goes to the same-level police and is copied to the same-level procuratorate. */
export default defineStep({
  code: 'T3',
  label: '向同级公安机关移送',
  clock: { side: 'MIB', rules: [{ amount: 24, unit: 'HOURS', citation: '吉医保联〔2023〕28号 三(二)' }] },
  actions: [
    action({
      name: 'transferToPolice',
      side: 'MIB',
      positions: ['MIB_OFFICER'],
      from: ['TRANSFER_APPROVED'],
      input: transfer,
      record: stepRecord(transfer.extend({ to: zId, copiedTo: zId.nullable() })),
      document: 'TRANSFER_LETTER',
      async run(s, input) {
        const required = { ...ALWAYS };
        if (input.hasExpertOpinions) required.EXPERT_OPINION = '检验报告或者鉴定意见';
        // A penalty the bureau recorded (A1) goes with the transfer whether or not the caller names it.
        const recorded = await recordedPenalty(s.tx, s.matter.id);
        if (recorded && input.penaltyDecisionNumber && input.penaltyDecisionNumber !== recorded.number) {
          throw invalid(
            'input.penaltyDecisionNumber',
            `the penalty decision recorded on this case is ${recorded.number}, not ${input.penaltyDecisionNumber}`,
          );
        }
        const penaltyDecisionNumber = recorded?.number ?? input.penaltyDecisionNumber ?? null;
        if (penaltyDecisionNumber) required.PENALTY_DECISION = `行政处罚决定书 ${penaltyDecisionNumber} 的副本`;
        for (const [kind, name] of Object.entries(required)) {
          if (!input.attachments.some((a) => a.kind === kind)) {
            throw invalid('input.attachments', `the transfer lacks the ${name} (${kind})`);
          }
        }
        const mib = await agencyOf(s.tx, s.matter.mibAgencyId);
        const police = await sameLevel(s.tx, 'POLICE', mib.divisionCode);
        const procuratorate = await sameLevel(s.tx, 'PROCURATORATE', mib.divisionCode);
        if (!police) throw invalid('matter', `no police agency at the level of ${mib.name} is registered`);
        return {
          stage: 'TRANSFERRED',
          patch: { policeAgencyId: police.id, procuratorateAgencyId: procuratorate?.id ?? null },
          detail: {
            attachments: input.attachments,
            hasExpertOpinions: !!input.hasExpertOpinions,
            penaltyDecisionNumber,
            to: police.id,
            copiedTo: procuratorate?.id ?? null,
          },
        };
      },
    }),
  ],
});
