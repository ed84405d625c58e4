import { z } from 'zod';
import { CHARGES } from '../../domain/codes.ts';
import { invalid } from '../../domain/errors.ts';
import { zCaseNumber, zPersonName } from '../../domain/validate.ts';
import { agencyOf, sameLevel } from '../agencies.ts';
import { action, defineStep, stepRecord } from '../procedure/step.ts';

/** What the indictment step (prosecute) stores: the procuratorate's case number, the defendants and the charges. */
export const indictmentRecord = stepRecord(
  z.object({
    procuratorateCaseNumber: z.string(),
    defendants: z.array(z.string()),
    charges: z.array(CHARGES.schema),
  }),
);
export type IndictmentRecord = z.output<typeof indictmentRecord.schema>;

/** The procuratorate prosecutes (起诉) before the same-level court, naming defendants and charges. */
export default defineStep({
  code: 'PROSECUTION',
  label: '提起公诉',
  actions: [
    action({
      name: 'prosecute',
      side: 'PROCURATORATE',
      positions: ['PROSECUTOR'],
      from: ['SENT_FOR_PROSECUTION'],
      record: indictmentRecord,
      input: z.object({
        procuratorateCaseNumber: zCaseNumber,
        defendants: z
          .array(zPersonName)
          .min(1, 'must name at least one defendant')
          .max(500, 'must name at most 500 defendants'),
        charges: z.array(CHARGES.schema).min(1, 'must name a charge').max(10, 'must name at most 10 charges'),
      }),
      document: 'INDICTMENT',
      notifiesMib: true,
      async run(s, input) {
        const procuratorate = await agencyOf(s.tx, s.matter.procuratorateAgencyId!);
        const court = await sameLevel(s.tx, 'COURT', procuratorate.divisionCode);
        if (!court) throw invalid('matter', `no court at the level of ${procuratorate.name} is registered`);
        return {
          stage: 'PROSECUTED',
          patch: { courtAgencyId: court.id, procuratorateCaseNumber: input.procuratorateCaseNumber },
          detail: {
            procuratorateCaseNumber: input.procuratorateCaseNumber,
            defendants: input.defendants,
            charges: input.charges,
          } satisfies IndictmentRecord,
        };
      },
    }),
  ],
});
