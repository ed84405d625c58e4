import { z } from 'zod';
import { POLICE_POSITIONS } from '../../domain/codes.ts';
import { zCaseNumber, zReasons } from '../../domain/validate.ts';
import { action, defineStep, stepRecord } from '../procedure/step.ts';

/** What the reconsideration decision stores: upheld with the reasons, or reversed with the case number. */
export const reconsiderationRecord = stepRecord(
  z.discriminatedUnion('upheld', [
    z.object({ upheld: z.literal(true), reasons: z.string() }),
    z.object({ upheld: z.literal(false), policeCaseNumber: z.string() }),
  ]),
);
export type ReconsiderationRecord = z.output<typeof reconsiderationRecord.schema>;

/** T13: the police decide the reconsideration within 3 days and notify in writing (R310 art. 9; MPS art. 181). */
export default defineStep({
  code: 'T13',
  label: '公安机关作出复议决定并书面通知',
  clock: {
    side: 'POLICE',
    rules: [
      {
        amount: 3,
        unit: 'DAYS',
        citation: '行政执法机关移送涉嫌犯罪案件的规定 第9条; 公安机关办理刑事案件程序规定 第181条',
      },
    ],
  },
  actions: [
    action({
      name: 'decideReconsideration',
      side: 'POLICE',
      positions: POLICE_POSITIONS,
      from: ['RECONSIDERATION_REQUESTED'],
      record: reconsiderationRecord,
      input: z.discriminatedUnion('upheld', [
        z.object({ upheld: z.literal(true), reasons: zReasons }),
        z.object({
          upheld: z.literal(false),
          policeCaseNumber: zCaseNumber.describe('When the non-filing is reversed.'),
        }),
      ]),
      document: 'RECONSIDERATION_DECISION',
      notifiesMib: true,
      run: (_s, input) =>
        input.upheld
          ? {
              stage: 'RECONSIDERATION_UPHELD',
              detail: { upheld: true, reasons: input.reasons } satisfies ReconsiderationRecord,
            }
          : {
              stage: 'FILED',
              patch: { policeCaseNumber: input.policeCaseNumber },
              detail: { upheld: false, policeCaseNumber: input.policeCaseNumber } satisfies ReconsiderationRecord,
            },
    }),
  ],
});
