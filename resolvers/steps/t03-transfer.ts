import { z } from 'zod';
import { invalid } from '../../domain/errors.js';
import { zAttachments } from '../../domain/validate.js';
import { agencyOf, sameLevel } from '../agencies.js';
import { action, defineStep } from '../procedure/step.js';

/** What a transfer must carry (J 三(二)). */
const REQUIRED_WITH_TRANSFER: Record<string, string> = {
  INVESTIGATION_REPORT: '案件调查报告',
  ITEM_LIST: '涉案物品清单',
  EVIDENCE: '有关检验报告或者鉴定意见等证据材料',
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
      input: z.object({ attachments: zAttachments }),
      document: 'TRANSFER_LETTER',
      async run(s, input) {
        for (const [kind, name] of Object.entries(REQUIRED_WITH_TRANSFER)) {
          if (!input.attachments.some((a) => a.kind === kind))
            throw invalid('input.attachments', `the transfer lacks the ${name} (${kind})`);
        }
        const mib = await agencyOf(s.tx, s.matter.mibAgencyId);
        const police = await sameLevel(s.tx, 'POLICE', mib.divisionCode);
        const procuratorate = await sameLevel(s.tx, 'PROCURATORATE', mib.divisionCode);
        if (!police) throw invalid('matter', `no police agency at the level of ${mib.name} is registered`);
        return {
          stage: 'TRANSFERRED',
          patch: { policeAgencyId: police.id, procuratorateAgencyId: procuratorate?.id ?? null },
          detail: { attachments: input.attachments, to: police.id, copiedTo: procuratorate?.id ?? null },
        };
      },
    }),
  ],
});
