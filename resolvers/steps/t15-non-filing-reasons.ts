import { z } from 'zod';
import { POLICE_POSITIONS } from '../../domain/codes.ts';
import { zReasons, zText } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

/**
 * T15: on the procuratorate's request (SPP arts. 559–560) the police explain in writing within 7 days why the case
 * was not filed (MPS art. 182).
 */
export default defineStep({
  code: 'T15',
  label: '公安机关书面说明不立案理由',
  clock: {
    side: 'POLICE',
    rules: [
      { amount: 7, unit: 'DAYS', citation: '公安机关办理刑事案件程序规定 第182条; 人民检察院刑事诉讼规则 第559—560条' },
    ],
  },
  actions: [
    action({
      name: 'requestNonFilingReasons',
      side: 'PROCURATORATE',
      positions: ['PROSECUTOR'],
      from: ['SUPERVISION_REQUESTED'],
      input: z.object({ note: zText(2000).nullish() }),
      document: 'REASONS_REQUEST',
      notifiesMib: true,
      run: () => ({ stage: 'REASONS_REQUESTED', detail: {} }),
    }),
    action({
      name: 'explainNonFiling',
      side: 'POLICE',
      positions: POLICE_POSITIONS,
      from: ['REASONS_REQUESTED'],
      input: z.object({ reasons: zReasons }),
      document: 'REASONS_STATEMENT',
      notifiesMib: true,
      run: (_s, input) => ({ stage: 'REASONS_GIVEN', detail: { reasons: input.reasons } }),
    }),
  ],
});
