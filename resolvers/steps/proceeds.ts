import { z } from 'zod';
import { POLICE_POSITIONS, PROCEEDS_KINDS, RECOVERY_KINDS } from '../../domain/codes.ts';
import { zMoney, zText } from '../../domain/validate.ts';
import { action, defineStep, stepRecord } from '../procedure/step.ts';

const proceeds = z.object({
  kind: PROCEEDS_KINDS.schema,
  amount: zMoney,
  description: zText(2000).min(1, 'must describe the property'),
});
/** What a PROCEEDS step stores (its detail), read back in SQL by ./amounts.ts. */
export const proceedsRecord = stepRecord(proceeds);
export type ProceedsRecord = z.output<typeof proceeds>;

/** G §20–§22: property the police seize, freeze or recover, and what the court recovers after judgment. */
export default defineStep({
  code: 'PROCEEDS',
  label: '查封、扣押、冻结、追缴涉案财物',
  actions: [
    action({
      name: 'recordProceeds',
      side: 'POLICE',
      positions: POLICE_POSITIONS,
      from: ['FILED', 'SENT_FOR_PROSECUTION', 'PROSECUTED', 'JUDGED', 'JUDGMENT_EFFECTIVE'],
      record: proceedsRecord,
      input: proceeds,
      document: 'PROCEEDS_RECORD',
      notifiesMib: true,
      run: (_s, input) => ({ detail: input }),
    }),
    action({
      name: 'recordRecovery',
      side: 'COURT',
      positions: ['JUDGE'],
      from: ['JUDGED', 'APPEALED', 'JUDGMENT_EFFECTIVE'],
      record: proceedsRecord,
      input: proceeds.extend({ kind: RECOVERY_KINDS.schema }),
      document: 'PROCEEDS_RECORD',
      notifiesMib: true,
      run: (_s, input) => ({ detail: input }),
    }),
  ],
});
