import { z } from 'zod';
import { POLICE_POSITIONS } from '../../domain/codes.ts';
import { invalid } from '../../domain/errors.ts';
import { zMoney, zPersonName } from '../../domain/validate.ts';
import { agencyOf, sameLevel } from '../agencies.ts';
import { action, defineStep, stepRecord } from '../procedure/step.ts';

const opinion = z.object({
  suspects: z.array(zPersonName).min(1, 'must name at least one suspect').max(500, 'must name at most 500 suspects'),
  amountDefrauded: zMoney,
});
/** What a SEND_FOR_PROSECUTION step stores (its detail), read back in SQL by ./amounts.ts. */
export const prosecutionOpinionRecord = stepRecord(opinion);
export type ProsecutionOpinionRecord = z.output<typeof opinion>;

/** The police send the case to the same-level procuratorate for prosecution (起诉意见书), with the amount defrauded. */
export default defineStep({
  code: 'SEND_FOR_PROSECUTION',
  label: '移送审查起诉',
  actions: [
    action({
      name: 'sendForProsecution',
      side: 'POLICE',
      positions: POLICE_POSITIONS,
      from: ['FILED'],
      record: prosecutionOpinionRecord,
      input: opinion,
      document: 'PROSECUTION_OPINION',
      notifiesMib: true,
      async run(s, input) {
        const police = await agencyOf(s.tx, s.matter.policeAgencyId!);
        const procuratorate = await sameLevel(s.tx, 'PROCURATORATE', police.divisionCode);
        if (!procuratorate) throw invalid('matter', `no procuratorate at the level of ${police.name} is registered`);
        return {
          stage: 'SENT_FOR_PROSECUTION',
          patch: { procuratorateAgencyId: procuratorate.id },
          detail: {
            suspects: input.suspects,
            amountDefrauded: input.amountDefrauded,
          } satisfies ProsecutionOpinionRecord,
        };
      },
    }),
  ],
});
