import { z } from 'zod';
import { invalid } from '../../domain/errors.ts';
import { zReasons } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

/**
 * T14: the bureau asks the procuratorate for filing supervision (立案监督) within 3 days of the reconsideration
 * upholding non-filing, or straight after non-filing in place of a reconsideration (R310 art. 9).
 */
export default defineStep({
  code: 'T14',
  label: '复议维持后提请检察院立案监督',
  clock: {
    side: 'MIB',
    optional: true,
    opensAfter: ['RECONSIDERATION_REQUESTED'],
    rules: [{ amount: 3, unit: 'DAYS', citation: '行政执法机关移送涉嫌犯罪案件的规定 第9条' }],
  },
  actions: [
    action({
      name: 'requestFilingSupervision',
      side: 'MIB',
      positions: ['MIB_OFFICER'],
      from: ['NOT_FILED', 'RECONSIDERATION_UPHELD'],
      input: z.object({ reasons: zReasons }),
      document: 'SUPERVISION_REQUEST',
      run(s, input) {
        if (!s.matter.procuratorateAgencyId) throw invalid('matter', 'no same-level procuratorate is registered');
        return { stage: 'SUPERVISION_REQUESTED', detail: { reasons: input.reasons } };
      },
    }),
  ],
});
