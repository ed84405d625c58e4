import { z } from 'zod';
import { zText } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

/** G §23 ¶3: a person not prosecuted who should be punished administratively goes back to the bureau with an opinion. */
export default defineStep({
  code: 'BACK_TRANSFER',
  label: '移送医保部门行政处理（检察意见）',
  actions: [
    action({
      name: 'backTransferToBureau',
      side: 'PROCURATORATE',
      positions: ['PROSECUTOR'],
      from: ['NOT_PROSECUTED'],
      input: z.object({
        opinion: zText(8000)
          .min(1, 'must give the procuratorial opinion')
          .describe('检察意见: what the bureau should do administratively.'),
      }),
      document: 'PROCURATORIAL_OPINION',
      notifiesMib: true,
      run: (_s, input) => ({ stage: 'BACK_TRANSFERRED', detail: { opinion: input.opinion } }),
    }),
  ],
});
