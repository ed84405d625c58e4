import { z } from 'zod';
import { invalid, wrongState } from '../../domain/errors.ts';
import { zCaseNumber, zMoney, zReasons } from '../../domain/validate.ts';
import { recordedPenalty } from '../procedure/penalties.ts';
import { action, defineStep } from '../procedure/step.ts';

/**
 * The bureau's follow-up on a procuratorial opinion (G §23 ¶3): penalised, or why not. A penalty is the one the bureau
 * recorded on the case (A1, decidePenalty); its number and fine are taken from that record.
 */
export default defineStep({
  code: 'ADMINISTRATIVE_FOLLOW_UP',
  label: '医保部门对检察意见的处理结果',
  actions: [
    action({
      name: 'recordAdministrativeFollowUp',
      side: 'MIB',
      positions: ['MIB_OFFICER'],
      from: ['BACK_TRANSFERRED'],
      input: z.discriminatedUnion('penalised', [
        z.object({
          penalised: z.literal(true),
          penaltyDecisionNumber: zCaseNumber
            .nullish()
            .describe('When penalised: the recorded decision’s number (taken from the record when left out).'),
          penaltyAmount: zMoney.nullish().describe('When penalised: its fine (taken from the record when left out).'),
        }),
        z.object({ penalised: z.literal(false), reasons: zReasons.describe('When not: why no penalty.') }),
      ]),
      document: 'ADMINISTRATIVE_PENALTY',
      async run(s, input) {
        const recorded = await recordedPenalty(s.tx, s.matter.id);
        if (!input.penalised) {
          if (recorded)
            throw invalid('input.penalised', `the penalty decision ${recorded.number} is recorded on this case`);
          return { stage: 'ADMINISTRATIVELY_CLOSED', detail: input };
        }
        if (!recorded)
          throw wrongState('the bureau records its penalty decision on the case first (decidePenalty, A1)');
        const fine = recorded.fine ?? '0.00';
        if (input.penaltyDecisionNumber && input.penaltyDecisionNumber !== recorded.number)
          throw invalid('input.penaltyDecisionNumber', `the decision recorded on this case is ${recorded.number}`);
        if (input.penaltyAmount && input.penaltyAmount !== fine)
          throw invalid('input.penaltyAmount', `the fine recorded on this case is ${fine}`);
        return {
          stage: 'ADMINISTRATIVELY_CLOSED',
          detail: { penalised: true, penaltyDecisionNumber: recorded.number, penaltyAmount: fine },
        };
      },
    }),
  ],
});
