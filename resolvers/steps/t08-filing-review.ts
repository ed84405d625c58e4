import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { steps } from '../../db/schema.js';
import { POLICE_POSITIONS, REVIEW_EXTENSIONS } from '../../domain/codes.js';
import { invalid } from '../../domain/errors.js';
import { zReasons } from '../../domain/validate.js';
import { action, defineStep } from '../procedure/step.js';

const STANDARD_CITATION = '吉医保联〔2023〕28号 三(四)';
const ECONOMIC_CITATION = '公安机关经济犯罪案件立案审查规定';

/**
 * T8: the filing review (立案审查) runs from acceptance: 3 days, 7 when leads need verifying, 30 for major cases with a
 * county-or-above police head's approval; economic crimes by their own rules (J 三(四); 2017 rules art. 16).
 */
export default defineStep({
  code: 'T8',
  label: '立案审查',
  clock: {
    side: 'POLICE',
    rules: [
      { amount: 3, unit: 'DAYS', citation: STANDARD_CITATION },
      { amount: 7, unit: 'DAYS', citation: `${STANDARD_CITATION} (线索需要查证)`, variant: 'VERIFY' },
      {
        amount: 30,
        unit: 'DAYS',
        citation: `${STANDARD_CITATION} (重大疑难复杂，经县级以上公安机关负责人批准)`,
        variant: 'MAJOR',
      },
      { amount: 3, unit: 'DAYS', citation: ECONOMIC_CITATION, basis: 'ECONOMIC_CRIME' },
      {
        amount: 10,
        unit: 'DAYS',
        citation: `${ECONOMIC_CITATION} (最长不超过10日)`,
        variant: 'VERIFY',
        basis: 'ECONOMIC_CRIME',
      },
      {
        amount: 30,
        unit: 'DAYS',
        citation: `${ECONOMIC_CITATION} (重大疑难复杂，30日)`,
        variant: 'MAJOR',
        basis: 'ECONOMIC_CRIME',
      },
      {
        amount: 60,
        unit: 'DAYS',
        citation: `${ECONOMIC_CITATION} (再延长30日)`,
        variant: 'MAJOR_EXTENDED',
        basis: 'ECONOMIC_CRIME',
      },
    ],
  },
  actions: [
    action({
      name: 'extendFilingReview',
      side: 'POLICE',
      positions: POLICE_POSITIONS,
      from: ['ACCEPTED', 'SUPPLEMENT_REQUESTED'],
      input: z.object({ variant: REVIEW_EXTENSIONS.schema, reasons: zReasons }),
      document: 'REVIEW_EXTENSION',
      notifiesMib: true,
      async run(s, input) {
        if (input.variant !== 'VERIFY' && s.viewer.position !== 'POLICE_HEAD') {
          throw invalid(
            'input.variant',
            'a 30-day review needs the approval of a police head at county level or above (县级以上公安机关负责人)',
          );
        }
        const [accepted] = await s.tx
          .select({ takenAt: steps.takenAt })
          .from(steps)
          .where(and(eq(steps.matterId, s.matter.id), eq(steps.action, 'acceptTransfer')))
          .orderBy(desc(steps.takenAt))
          .limit(1);
        return {
          restartClock: { variant: input.variant, from: accepted?.takenAt ?? s.occurredAt },
          detail: { variant: input.variant, reasons: input.reasons },
        };
      },
    }),
  ],
});
