import { z } from 'zod';
import { zReasons } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

/**
 * T12: within 3 days of a non-filing notice the bureau may ask the police to reconsider (复议), or ask the
 * procuratorate for filing supervision instead (J 三(四); R310 art. 9).
 */
export default defineStep({
  code: 'T12',
  label: '申请复议或提请立案监督',
  clock: {
    side: 'MIB',
    optional: true,
    rules: [
      { amount: 3, unit: 'DAYS', citation: '吉医保联〔2023〕28号 三(四); 行政执法机关移送涉嫌犯罪案件的规定 第9条' },
    ],
  },
  actions: [
    action({
      name: 'requestReconsideration',
      side: 'MIB',
      positions: ['MIB_OFFICER'],
      from: ['NOT_FILED'],
      input: z.object({ reasons: zReasons }),
      document: 'RECONSIDERATION_REQUEST',
      run: (_s, input) => ({ stage: 'RECONSIDERATION_REQUESTED', detail: { reasons: input.reasons } }),
    }),
  ],
});
