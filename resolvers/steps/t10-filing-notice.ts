import { z } from 'zod';
import { POLICE_POSITIONS } from '../../domain/codes.ts';
import { zText } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

/**
 * T10: the police tell the bureau of a filing decision in writing within 3 days of making it (J 三(四)), when the
 * notice did not go with the decision. The bureau's own periods (hand-over, objection) run from the notice.
 */
export default defineStep({
  code: 'T10',
  label: '书面通知医保部门立案决定',
  clock: { side: 'POLICE', rules: [{ amount: 3, unit: 'DAYS', citation: '吉医保联〔2023〕28号 三(四)' }] },
  actions: [
    action({
      name: 'notifyFilingDecision',
      side: 'POLICE',
      positions: POLICE_POSITIONS,
      from: ['FILING_DECIDED', 'NON_FILING_DECIDED'],
      input: z.object({ note: zText(2000).nullish() }),
      document: (_input, s) => (s.matter.stage === 'FILING_DECIDED' ? 'FILING_NOTICE' : 'NON_FILING_NOTICE'),
      notifiesMib: true,
      run: (s, input) => ({
        stage: s.matter.stage === 'FILING_DECIDED' ? 'FILED' : 'NOT_FILED',
        detail: { note: input.note ?? null },
      }),
    }),
  ],
});
