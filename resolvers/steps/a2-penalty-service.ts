import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { penaltyDecisions } from '../../db/schema.ts';
import { SERVICE_MEANS, STAGES } from '../../domain/codes.ts';
import { zPersonName } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

/**
 * A2: the penalty decision is handed to the subject (当事人) when announced, or served within 7 days (行政处罚法 art. 61) — working
 * days, as that law counts its short periods (art. 85). The duty stays whatever happens on the criminal path.
 */
export default defineStep({
  code: 'A2',
  label: '行政处罚决定书送达',
  clock: {
    side: 'MIB',
    persistent: true,
    rules: [{ amount: 7, unit: 'WORKING_DAYS', citation: '行政处罚法 第六十一条、第八十五条（七日指工作日）' }],
  },
  actions: [
    action({
      name: 'servePenaltyDecision',
      side: 'MIB',
      positions: ['MIB_OFFICER', 'MIB_HEAD'],
      from: STAGES.values,
      administrative: ['DECIDED'],
      input: z.object({
        means: SERVICE_MEANS.schema,
        recipient: zPersonName.describe('Who signed the receipt (送达回证), or where it was published.'),
      }),
      document: 'SERVICE_RECEIPT',
      async run(s) {
        const [decision] = await s.tx
          .update(penaltyDecisions)
          .set({ servedAt: s.occurredAt })
          .where(eq(penaltyDecisions.matterId, s.matter.id))
          .returning();
        // A decision that orders nothing paid (a suspension only) is carried out by its service.
        const owes = Number(decision.fine ?? 0) > 0 || Number(decision.orderedReturn ?? 0) > 0;
        return { administrativeStage: owes ? 'SERVED' : 'ENFORCED' };
      },
    }),
  ],
});
