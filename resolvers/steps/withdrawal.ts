import { z } from 'zod';
import { POLICE_POSITIONS } from '../../domain/codes.ts';
import { zReasons } from '../../domain/validate.ts';
import { action, defineStep } from '../procedure/step.ts';

/** The police withdraw a filed case (撤案), with reasons. */
export default defineStep({
  code: 'WITHDRAWAL',
  label: '撤销案件',
  actions: [
    action({
      name: 'withdrawCase',
      side: 'POLICE',
      positions: POLICE_POSITIONS,
      from: ['FILED'],
      input: z.object({ reasons: zReasons }),
      document: 'WITHDRAWAL_DECISION',
      notifiesMib: true,
      run: (_s, input) => ({ stage: 'WITHDRAWN', detail: { reasons: input.reasons } }),
    }),
  ],
});
