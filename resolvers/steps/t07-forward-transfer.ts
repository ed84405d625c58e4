import { z } from 'zod';
import { POLICE_POSITIONS } from '../../domain/codes.ts';
import { invalid } from '../../domain/errors.ts';
import { zId, zReasons } from '../../domain/validate.ts';
import { agencyOf } from '../agencies.ts';
import { action, defineStep, stepRecord } from '../procedure/step.ts';

const forwardTransferInput = z.object({ toAgencyId: zId, reasons: zReasons });

/**
 * T7: the police forward an out-of-jurisdiction case to the competent police and tell the bureau in writing
 * (J 三(三); R310 art. 7). The matter waits for the new police's receipt.
 */
export default defineStep({
  code: 'T7',
  label: '公安机关转送有管辖权的机关并书面告知',
  clock: {
    side: 'POLICE',
    optional: true,
    rules: [
      { amount: 24, unit: 'HOURS', citation: '吉医保联〔2023〕28号 三(三); 行政执法机关移送涉嫌犯罪案件的规定 第7条' },
    ],
  },
  actions: [
    action({
      name: 'forwardTransfer',
      side: 'POLICE',
      positions: POLICE_POSITIONS,
      from: ['ACCEPTED', 'SUPPLEMENT_REQUESTED'],
      input: forwardTransferInput,
      record: stepRecord(forwardTransferInput.extend({ from: zId, to: zId })),
      document: 'FORWARDING_NOTICE',
      notifiesMib: true,
      async run(s, input) {
        const target = await agencyOf(s.tx, input.toAgencyId);
        if (target?.kind !== 'POLICE' || target.id === s.matter.policeAgencyId)
          throw invalid('input.toAgencyId', 'is not another police agency');
        return {
          stage: 'TRANSFERRED',
          patch: { policeAgencyId: target.id },
          detail: { from: s.matter.policeAgencyId, to: target.id, reasons: input.reasons },
        };
      },
    }),
  ],
});
