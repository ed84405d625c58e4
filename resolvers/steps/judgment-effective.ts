import { z } from 'zod';
import { action, defineStep } from '../procedure/step.js';

/** The judgment becomes effective (生效); the bureau is told with the effective document (G §24 ¶2). */
export default defineStep({
  code: 'JUDGMENT_EFFECTIVE',
  label: '判决生效',
  actions: [
    action({
      name: 'recordJudgmentEffective',
      side: 'COURT',
      positions: ['JUDGE'],
      from: ['JUDGED'],
      input: z.object({
        effectiveOn: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
          .describe('YYYY-MM-DD'),
      }),
      document: 'EFFECTIVE_NOTICE',
      notifiesMib: true,
      run: (_s, input) => ({ stage: 'JUDGMENT_EFFECTIVE', detail: input }),
    }),
  ],
});
