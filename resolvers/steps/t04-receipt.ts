import { z } from 'zod';
import { POLICE_POSITIONS } from '../../domain/codes.ts';
import { zText } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

/** T4: the police accept the transfer and sign the receipt (回执); incompleteness is no ground to refuse (R310 art. 7). */
export default defineStep({
  code: 'T4',
  label: '公安机关接受移送并出具回执',
  clock: {
    side: 'POLICE',
    rules: [
      {
        amount: null,
        unit: 'HOURS',
        citation: '吉医保联〔2023〕28号 三(三); 行政执法机关移送涉嫌犯罪案件的规定 第7条 (当场)',
      },
    ],
  },
  actions: [
    action({
      name: 'acceptTransfer',
      side: 'POLICE',
      positions: POLICE_POSITIONS,
      from: ['TRANSFERRED'],
      input: z.object({ note: zText(2000).nullish() }),
      document: 'RECEIPT',
      notifiesMib: true,
      run: (_s, input) => ({ stage: 'ACCEPTED', detail: { note: input.note ?? null } }),
    }),
  ],
});
