import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { penaltyDecisions, penaltyEnforcements, steps } from '../../db/schema.ts';
import { type AdministrativeStage, CLOSING_REASONS, type ClosingReason, STAGES } from '../../domain/codes.ts';
import { invalid } from '../../domain/errors.ts';
import { zText } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';
import { BUREAU_HOLDS } from './a1-penalty-decision.ts';

/** The administrative stage each reason for closing needs. */
const CLOSES: Record<ClosingReason, AdministrativeStage> = {
  ENFORCED: 'ENFORCED',
  NOT_PENALISED: 'NOT_PENALISED',
  AGREEMENT_HANDLED: 'AGREEMENT_HANDLED',
  TRANSFERRED: 'INVESTIGATING',
  COMPULSORY_ENFORCEMENT: 'SERVED',
};

/**
 * A4: the head closes the bureau's case (结案) and says why: the decision carried out, no penalty, the agreement's
 * handling done, the case transferred to the police (no penalty decided), or the court asked to enforce.
 */
export default defineStep({
  code: 'A4',
  label: '行政案件结案',
  // A case closed because it was transferred comes back to the bureau when the police do not file it, withdraw it,
  // or the procuratorate does not prosecute it or sends it back: it is open again, and A1's 90 days start anew.
  follows: (before, stage, administrativeStage) =>
    administrativeStage === 'TRANSFERRED' && !BUREAU_HOLDS.includes(before.stage) && BUREAU_HOLDS.includes(stage)
      ? 'INVESTIGATING'
      : undefined,
  actions: [
    action({
      name: 'closeAdministrativeCase',
      side: 'MIB',
      positions: ['MIB_HEAD'],
      from: STAGES.values,
      administrative: ['ENFORCED', 'NOT_PENALISED', 'AGREEMENT_HANDLED', 'INVESTIGATING', 'SERVED'],
      input: z.object({ reason: CLOSING_REASONS.schema, note: zText(2000).nullish() }),
      document: 'CASE_CLOSING',
      async run(s, input) {
        const needs = CLOSES[input.reason];
        if (s.matter.administrativeStage !== needs) {
          throw invalid(
            'input.reason',
            `${input.reason} closes a case that is ${needs}; this one is ${s.matter.administrativeStage}`,
          );
        }
        if (input.reason === 'TRANSFERRED') {
          const [t3] = await s.tx
            .select({ id: steps.id })
            .from(steps)
            .where(and(eq(steps.matterId, s.matter.id), eq(steps.code, 'T3')));
          if (!t3) throw invalid('input.reason', 'the case was never transferred to the police (T3)');
        }
        if (input.reason === 'COMPULSORY_ENFORCEMENT') {
          const [asked] = await s.tx
            .select({ id: penaltyEnforcements.id })
            .from(penaltyEnforcements)
            .where(
              and(eq(penaltyEnforcements.matterId, s.matter.id), eq(penaltyEnforcements.kind, 'COMPULSORY_REQUESTED')),
            );
          if (!asked) throw invalid('input.reason', 'no enforcement was applied for');
        }
        await s.tx
          .update(penaltyDecisions)
          .set({ closedAt: s.occurredAt, closingReason: input.reason })
          .where(eq(penaltyDecisions.matterId, s.matter.id));
        return { administrativeStage: input.reason === 'TRANSFERRED' ? 'TRANSFERRED' : 'CLOSED' };
      },
    }),
  ],
});
