import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { leads } from '../../db/schema.ts';
import { STAGES } from '../../domain/codes.ts';
import { wrongState } from '../../domain/errors.ts';
import { zText } from '../../domain/validate.ts';
import { lastStep } from '../procedure/history.ts';
import { action, defineStep } from '../procedure/step.ts';

/**
 * J 五(三): a real-name reporter (实名举报人) is told of the filing decision. A duty of the bureau that took the lead,
 * from the filing or non-filing notice until it is done; the period is the rule table's (10 days unless an operator
 * sets the local one).
 */
export default defineStep({
  code: 'REPORTER_INFORMED',
  label: '告知实名举报人立案结果',
  clock: {
    side: 'MIB',
    runsIn: ['FILED', 'NOT_FILED'],
    opensAfter: ['ACCEPTED', 'FILING_DECIDED', 'NON_FILING_DECIDED'],
    persistent: true,
    rules: [
      {
        amount: 10,
        unit: 'DAYS',
        citation: '吉医保联〔2023〕28号 五(三); 医疗保障基金使用监督管理举报处理暂行办法 (期限可按本地规定配置)',
      },
    ],
    async appliesTo(tx, matter) {
      const [lead] = await tx
        .select({ realName: leads.informantRealName })
        .from(leads)
        .where(eq(leads.id, matter.leadId));
      return !!lead?.realName;
    },
  },
  actions: [
    action({
      name: 'informReporter',
      side: 'MIB',
      positions: ['MIB_OFFICER'],
      from: STAGES.values.filter(
        (stage) =>
          ![
            'CASE_OPEN',
            'REPORT_SUBMITTED',
            'TRANSFER_REFUSED',
            'TRANSFER_APPROVED',
            'TRANSFERRED',
            'ACCEPTED',
            'SUPPLEMENT_REQUESTED',
            'FILING_DECIDED',
            'NON_FILING_DECIDED',
          ].includes(stage),
      ),
      input: z.object({
        means: zText(100).min(1, 'must say how the reporter was told (电话、书面、当面 …)'),
        note: zText(2000).nullish(),
      }),
      async run(s, input) {
        const [lead] = await s.tx
          .select({ realName: leads.informantRealName })
          .from(leads)
          .where(eq(leads.id, s.matter.leadId));
        if (!lead?.realName) throw wrongState('the lead has no real-name reporter to inform');
        const done = await lastStep(s.tx, s.matter.id, 'informReporter');
        if (done) throw wrongState('the reporter was already informed');
        return { detail: { means: input.means, note: input.note ?? null } };
      },
    }),
  ],
});
