import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { penaltyDecisions, penaltyEnforcements } from '../../db/schema.ts';
import { ENFORCEMENT_KINDS, STAGES } from '../../domain/codes.ts';
import { invalid } from '../../domain/errors.ts';
import { fromCents, toCents, zMoney, zText } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

/** What a served decision ordered, and what has been paid and returned so far. */
export async function penaltyBalance(tx: Db, matterId: string) {
  const [decision] = await tx.select().from(penaltyDecisions).where(eq(penaltyDecisions.matterId, matterId));
  const done = await tx.select().from(penaltyEnforcements).where(eq(penaltyEnforcements.matterId, matterId));
  const sum = (kind: string) =>
    done.filter((e) => e.kind === kind).reduce((total, e) => total + toCents(e.amount ?? '0'), 0n);
  return {
    fine: toCents(decision?.fine ?? '0'),
    orderedReturn: toCents(decision?.orderedReturn ?? '0'),
    paid: sum('FINE_PAID'),
    returned: sum('RETURNED_TO_FUND'),
  };
}

/**
 * A3: the decision enforced — the fine paid within 15 days of service (行政处罚法 art. 67; a window of the subject's, never
 * overdue for the bureau), the ordered money back in the fund, instalments or a deferral approved (art. 66), or the
 * court asked to enforce (art. 72). Once the fine is paid and the money returned in full, the decision is enforced.
 */
export default defineStep({
  code: 'A3',
  label: '行政处罚决定的执行',
  clock: {
    side: 'MIB',
    optional: true,
    persistent: true,
    rules: [
      { amount: 15, unit: 'DAYS', citation: '行政处罚法 第六十七条（当事人自收到决定书之日起十五日内缴纳罚款）' },
    ],
  },
  actions: [
    action({
      name: 'recordPenaltyEnforcement',
      side: 'MIB',
      positions: ['MIB_OFFICER', 'MIB_HEAD'],
      from: STAGES.values,
      administrative: ['SERVED'],
      input: z.object({
        kind: ENFORCEMENT_KINDS.schema,
        amount: zMoney.nullish().describe('With FINE_PAID and RETURNED_TO_FUND: the amount.'),
        voucher: zText(100).nullish().describe('The payment or return voucher, or the court’s case number.'),
        note: zText(2000).nullish(),
      }),
      document: (input) =>
        input.kind === 'INSTALMENTS_APPROVED'
          ? 'INSTALMENT_APPROVAL'
          : input.kind === 'COMPULSORY_REQUESTED'
            ? 'COMPULSORY_ENFORCEMENT_REQUEST'
            : 'ENFORCEMENT_RECORD',
      async run(s, input) {
        const balance = await penaltyBalance(s.tx, s.matter.id);
        const paying = input.kind === 'FINE_PAID' || input.kind === 'RETURNED_TO_FUND';
        if (paying && !input.amount) throw invalid('input.amount', `must be given with ${input.kind}`);
        if (!paying && input.amount)
          throw invalid('input.amount', `is for FINE_PAID and RETURNED_TO_FUND, not ${input.kind}`);
        const amount = input.amount ? toCents(input.amount) : 0n;
        if (paying && amount === 0n) throw invalid('input.amount', 'must be more than zero');
        if (input.kind === 'FINE_PAID' && balance.paid + amount > balance.fine)
          throw invalid('input.amount', `exceeds the fine still unpaid (${fromCents(balance.fine - balance.paid)})`);
        if (input.kind === 'RETURNED_TO_FUND' && balance.returned + amount > balance.orderedReturn) {
          throw invalid(
            'input.amount',
            `exceeds what the decision ordered back and is not yet returned (${fromCents(balance.orderedReturn - balance.returned)})`,
          );
        }
        await s.tx.insert(penaltyEnforcements).values({
          matterId: s.matter.id,
          stepId: s.stepId,
          kind: input.kind,
          amount: input.amount ?? null,
          takenAt: s.occurredAt,
        });
        const paid = balance.paid + (input.kind === 'FINE_PAID' ? amount : 0n);
        const returned = balance.returned + (input.kind === 'RETURNED_TO_FUND' ? amount : 0n);
        return paid >= balance.fine && returned >= balance.orderedReturn ? { administrativeStage: 'ENFORCED' } : {};
      },
    }),
  ],
});
