import { z } from 'zod';
import { zReasons } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

/**
 * T16: the procuratorate reviews the police's statement. When it finds the non-filing reasons stand, it tells the
 * bureau within 10 days of that finding (SPP art. 561); when they do not, it orders the police to file (通知立案,
 * SPP arts. 563–564).
 */
export default defineStep({
  code: 'T16',
  label: '检察院告知不立案理由成立',
  clock: {
    side: 'PROCURATORATE',
    runsIn: ['NON_FILING_REASONS_ACCEPTED'],
    rules: [{ amount: 10, unit: 'DAYS', citation: '人民检察院刑事诉讼规则 第561条' }],
  },
  actions: [
    action({
      name: 'acceptNonFilingReasons',
      side: 'PROCURATORATE',
      positions: ['PROSECUTOR'],
      from: ['REASONS_GIVEN'],
      input: z.object({ finding: zReasons.describe('Why the procuratorate finds the non-filing reasons stand.') }),
      run: (_s, input) => ({ stage: 'NON_FILING_REASONS_ACCEPTED', detail: { finding: input.finding } }),
    }),
    action({
      name: 'upholdNonFilingReasons',
      side: 'PROCURATORATE',
      positions: ['PROSECUTOR'],
      from: ['NON_FILING_REASONS_ACCEPTED'],
      input: z.object({ reasons: zReasons }),
      document: 'REASONS_UPHELD_NOTICE',
      notifiesMib: true,
      run: (_s, input) => ({ stage: 'NON_FILING_UPHELD', detail: { reasons: input.reasons } }),
    }),
    action({
      name: 'orderFiling',
      side: 'PROCURATORATE',
      positions: ['PROSECUTOR'],
      from: ['REASONS_GIVEN'],
      input: z.object({ reasons: zReasons }),
      document: 'FILING_ORDER',
      notifiesMib: true,
      run: (_s, input) => ({ stage: 'ORDERED_TO_FILE', detail: { reasons: input.reasons } }),
    }),
  ],
});
