import { z } from 'zod';
import { POLICE_POSITIONS } from '../../domain/codes.ts';
import { zCaseNumber } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

/** T17: ordered to file, the police file within 15 days (MPS art. 182; SPP arts. 563–564). */
export default defineStep({
  code: 'T17',
  label: '公安机关在通知立案后立案',
  clock: {
    side: 'POLICE',
    rules: [
      {
        amount: 15,
        unit: 'DAYS',
        citation: '公安机关办理刑事案件程序规定 第182条; 人民检察院刑事诉讼规则 第563—564条',
      },
    ],
  },
  actions: [
    action({
      name: 'fileAfterOrder',
      side: 'POLICE',
      positions: POLICE_POSITIONS,
      from: ['ORDERED_TO_FILE'],
      input: z.object({ policeCaseNumber: zCaseNumber }),
      document: 'FILING_NOTICE',
      notifiesMib: true,
      run: (_s, input) => ({
        stage: 'FILED',
        patch: { policeCaseNumber: input.policeCaseNumber },
        detail: { policeCaseNumber: input.policeCaseNumber },
      }),
    }),
  ],
});
