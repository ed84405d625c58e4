import { z } from 'zod';
import { NON_PROSECUTION_KINDS } from '../../domain/codes.ts';
import { zCaseNumber, zReasons } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

/** The procuratorate declines to prosecute (不起诉: statutory, discretionary, insufficient evidence), with reasons. */
export default defineStep({
  code: 'NON_PROSECUTION',
  label: '不起诉',
  actions: [
    action({
      name: 'declineProsecution',
      side: 'PROCURATORATE',
      positions: ['PROSECUTOR'],
      from: ['SENT_FOR_PROSECUTION'],
      input: z.object({ procuratorateCaseNumber: zCaseNumber, kind: NON_PROSECUTION_KINDS.schema, reasons: zReasons }),
      document: 'NON_PROSECUTION_DECISION',
      notifiesMib: true,
      run: (_s, input) => ({
        stage: 'NOT_PROSECUTED',
        patch: { procuratorateCaseNumber: input.procuratorateCaseNumber },
        detail: { kind: input.kind, reasons: input.reasons },
      }),
    }),
  ],
});
