import { z } from 'zod';
import { APPELLANTS } from '../../domain/codes.ts';
import { invalid } from '../../domain/errors.ts';
import { zId, zText } from '../../domain/validate.ts';
import { agencyOf } from '../agencies.ts';
import { action, defineStep, stepRecord } from '../procedure/step.ts';

const appeal = z.object({ by: APPELLANTS.schema, note: zText(2000).nullish() });

/** An appeal or protest moves the matter to the next-higher court, which tries the second instance. */
export default defineStep({
  code: 'APPEAL',
  label: '上诉或抗诉',
  actions: [
    action({
      name: 'recordAppeal',
      side: 'COURT',
      positions: ['JUDGE'],
      from: ['JUDGED'],
      input: appeal,
      record: stepRecord(appeal.extend({ from: zId, to: zId })),
      document: 'APPEAL_NOTICE',
      notifiesMib: true,
      async run(s, input) {
        const court = await agencyOf(s.tx, s.matter.courtAgencyId!);
        if (!court.parentId)
          throw invalid('matter', `${court.name} has no higher court registered for the second instance`);
        return {
          stage: 'APPEALED',
          patch: { courtAgencyId: court.parentId },
          detail: { ...input, from: court.id, to: court.parentId },
        };
      },
    }),
  ],
});
