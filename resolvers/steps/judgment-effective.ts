import { z } from 'zod';
import { invalid } from '../../domain/errors.ts';
import { shanghaiDay } from '../../domain/time.ts';
import { zDate } from '../../domain/validate.ts';
import { lastStep } from '../procedure/history.ts';
import { action, defineStep } from '../procedure/step.ts';

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
      input: z.object({ effectiveOn: zDate.describe('YYYY-MM-DD: not before the judgment, not in the future.') }),
      document: 'EFFECTIVE_NOTICE',
      notifiesMib: true,
      async run(s, input) {
        const judgment = await lastStep(s.tx, s.matter.id, 'recordJudgment');
        const judged = judgment ? shanghaiDay(judgment.takenAt) : null;
        if (judged && input.effectiveOn < judged)
          throw invalid('input.effectiveOn', `must not be before the judgment (${judged})`);
        if (input.effectiveOn > shanghaiDay(new Date()))
          throw invalid('input.effectiveOn', 'must not be in the future');
        return { stage: 'JUDGMENT_EFFECTIVE', detail: input };
      },
    }),
  ],
});
