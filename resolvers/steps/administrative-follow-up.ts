import { z } from 'zod';
import { zCaseNumber, zMoney, zReasons } from '../../domain/validate.js';
import { action, defineStep } from '../procedure/step.js';

/** The bureau's follow-up on a procuratorial opinion (G §23 ¶3): penalised, or why not. */
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
          penaltyDecisionNumber: zCaseNumber.describe('When penalised.'),
          penaltyAmount: zMoney.describe('When penalised.'),
        }),
        z.object({ penalised: z.literal(false), reasons: zReasons.describe('When not: why no penalty.') }),
      ]),
      document: 'ADMINISTRATIVE_PENALTY',
      run: (_s, input) => ({ stage: 'ADMINISTRATIVELY_CLOSED', detail: input }),
    }),
  ],
});
