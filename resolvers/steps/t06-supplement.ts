import { z } from 'zod';
import { zAttachments } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

/** T6: the bureau supplies the missing material within 3 days (J 三(三)). */
export default defineStep({
  code: 'T6',
  label: '医保部门补正材料',
  clock: { side: 'MIB', rules: [{ amount: 3, unit: 'DAYS', citation: '吉医保联〔2023〕28号 三(三)' }] },
  actions: [
    action({
      name: 'supplementMaterial',
      side: 'MIB',
      positions: ['MIB_OFFICER'],
      from: ['SUPPLEMENT_REQUESTED'],
      input: z.object({ attachments: zAttachments.min(1, 'must attach the supplement') }),
      document: 'SUPPLEMENT',
      run: (_s, input) => ({ stage: 'ACCEPTED', detail: { attachments: input.attachments } }),
    }),
  ],
});
