import { z } from 'zod';
import { zReasons } from '../../domain/validate.js';
import { action, defineStep } from '../procedure/step.js';

/**
 * T16: the procuratorate tells the bureau within 10 days that the non-filing reasons stand (SPP art. 561), or orders
 * the police to file (通知立案, SPP arts. 563–564).
 */
export default defineStep({
  code: 'T16',
  label: '检察院告知不立案理由成立',
  clock: { side: 'PROCURATORATE', rules: [{ amount: 10, unit: 'DAYS', citation: '人民检察院刑事诉讼规则 第561条' }] },
  actions: [
    action({
      name: 'upholdNonFilingReasons',
      side: 'PROCURATORATE',
      positions: ['PROSECUTOR'],
      from: ['REASONS_GIVEN'],
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
