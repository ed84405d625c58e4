import { z } from 'zod';
import { invalid } from '../../domain/errors.ts';
import { toCents, zAttachments, zMoney, zText } from '../../domain/validate.ts';
import { action, defineStep, stepRecord } from '../procedure/step.ts';
import { matterAmounts } from './amounts.ts';

/** What a RETURN_TO_FUND step stores (its detail), read back in SQL by ./amounts.ts. */
export const fundReturnRecord = stepRecord(z.object({ amount: zMoney, voucher: z.string() }));
export type FundReturnRecord = z.output<typeof fundReturnRecord.schema>;

/** J 四(二): recovered fund money goes back to the fund's special account; the bureau confirms it. */
export default defineStep({
  code: 'RETURN_TO_FUND',
  label: '追回资金退回基金专户',
  actions: [
    action({
      name: 'confirmReturnToFund',
      side: 'MIB',
      positions: ['MIB_OFFICER', 'MIB_HEAD'],
      from: [
        'FILED',
        'SENT_FOR_PROSECUTION',
        'PROSECUTED',
        'JUDGED',
        'JUDGMENT_EFFECTIVE',
        'WITHDRAWN',
        'NOT_PROSECUTED',
        'BACK_TRANSFERRED',
        'ADMINISTRATIVELY_CLOSED',
      ],
      record: fundReturnRecord,
      input: z.object({
        amount: zMoney,
        voucher: zText(100).min(1, 'must give the voucher number'),
        attachments: zAttachments.nullish(),
      }),
      document: 'FUND_RETURN',
      async run(s, input) {
        const [amounts] = await matterAmounts(s.tx, [s.matter.id]);
        if (toCents(amounts.returned) + toCents(input.amount) > toCents(amounts.recovered)) {
          throw invalid(
            'input.amount',
            `exceeds what was recovered and not yet returned (recovered ${amounts.recovered}, returned ${amounts.returned})`,
          );
        }
        return { detail: { amount: input.amount, voucher: input.voucher } satisfies FundReturnRecord };
      },
    }),
  ],
});
