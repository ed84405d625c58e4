import { z } from 'zod';
import { POLICE_POSITIONS } from '../../domain/codes.ts';
import { zText } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

/** T5: the police tell the bureau that material is missing, within 24 hours of acceptance (J 三(三); MPS art. 180). */
export default defineStep({
  code: 'T5',
  label: '公安机关通知补正材料',
  clock: {
    side: 'POLICE',
    optional: true,
    opensAfter: ['TRANSFERRED'],
    rules: [
      { amount: 24, unit: 'HOURS', citation: '吉医保联〔2023〕28号 三(三); 公安机关办理刑事案件程序规定 第180条' },
    ],
  },
  actions: [
    action({
      name: 'requestSupplement',
      side: 'POLICE',
      positions: POLICE_POSITIONS,
      from: ['ACCEPTED'],
      input: z.object({ missing: zText(4000).min(1, 'must say what is missing') }),
      document: 'SUPPLEMENT_NOTICE',
      notifiesMib: true,
      run: (_s, input) => ({ stage: 'SUPPLEMENT_REQUESTED', detail: { missing: input.missing } }),
    }),
  ],
});
