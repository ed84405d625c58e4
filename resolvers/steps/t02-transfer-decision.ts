import { z } from 'zod';
import { zReasons } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

/** T2: the bureau's principal head approves the transfer, or refuses it with reasons (J 三(二); R310 art. 5). */
export default defineStep({
  code: 'T2',
  label: '主要负责人审批是否移送',
  clock: {
    side: 'MIB',
    rules: [
      { amount: 3, unit: 'DAYS', citation: '吉医保联〔2023〕28号 三(二); 行政执法机关移送涉嫌犯罪案件的规定 第5条' },
    ],
  },
  actions: [
    action({
      name: 'decideTransfer',
      side: 'MIB',
      positions: ['MIB_HEAD'],
      from: ['REPORT_SUBMITTED'],
      input: z.discriminatedUnion('approved', [
        z.object({ approved: z.literal(true), reasons: zReasons.nullish().describe('Required when refusing.') }),
        z.object({ approved: z.literal(false), reasons: zReasons }),
      ]),
      document: 'TRANSFER_DECISION',
      run: (_s, input) =>
        input.approved
          ? { stage: 'TRANSFER_APPROVED', detail: { approved: true } }
          : { stage: 'TRANSFER_REFUSED', detail: { approved: false, reasons: input.reasons } },
    }),
  ],
});
