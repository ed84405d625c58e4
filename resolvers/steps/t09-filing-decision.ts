import { z } from 'zod';
import { POLICE_POSITIONS } from '../../domain/codes.ts';
import { zCaseNumber, zReasons } from '../../domain/validate.ts';
import { action, defineStep, stepRecord } from '../procedure/step.ts';

const noticeLater = z
  .boolean()
  .nullish()
  .describe(
    'The written notice to the bureau follows within 3 days (notifyFilingDecision); by default it goes with the decision.',
  );

/** What the filing decision stores: filed with its case number, or not filed with the reasons. */
export const filingDecisionRecord = stepRecord(
  z.discriminatedUnion('filed', [
    z.object({ filed: z.literal(true), policeCaseNumber: z.string(), noticeLater: z.boolean() }),
    z.object({
      filed: z.literal(false),
      reasons: z.string(),
      filesReturned: z.literal(true),
      noticeLater: z.boolean(),
    }),
  ]),
);
export type FilingDecisionRecord = z.output<typeof filingDecisionRecord.schema>;

/**
 * T9: the police file (立案) or decline to file, with written reasons and the case files returned (J 三(四); R310
 * art. 8), within the filing review. The written notice to the bureau goes with the decision, or follows it (T10).
 */
export default defineStep({
  code: 'T9',
  label: '作出立案或不予立案决定',
  actions: [
    action({
      name: 'decideFiling',
      side: 'POLICE',
      positions: POLICE_POSITIONS,
      from: ['ACCEPTED'],
      dueBy: 'T8',
      record: filingDecisionRecord,
      input: z.discriminatedUnion('filed', [
        z.object({ filed: z.literal(true), policeCaseNumber: zCaseNumber.describe('When filed.'), noticeLater }),
        z.object({
          filed: z.literal(false),
          reasons: zReasons.describe('When not filed: the written reasons.'),
          filesReturned: z
            .literal(true, { message: 'the case files must be returned with a non-filing decision' })
            .describe('When not filed: the case files are returned.'),
          noticeLater,
        }),
      ]),
      document: (input) =>
        input.noticeLater
          ? input.filed
            ? 'FILING_DECISION'
            : 'NON_FILING_DECISION'
          : input.filed
            ? 'FILING_NOTICE'
            : 'NON_FILING_NOTICE',
      notifiesMib: (input) => !input.noticeLater,
      run: (_s, input) =>
        input.filed
          ? {
              stage: input.noticeLater ? 'FILING_DECIDED' : 'FILED',
              patch: { policeCaseNumber: input.policeCaseNumber },
              detail: {
                filed: true,
                policeCaseNumber: input.policeCaseNumber,
                noticeLater: !!input.noticeLater,
              } satisfies FilingDecisionRecord,
            }
          : {
              stage: input.noticeLater ? 'NON_FILING_DECIDED' : 'NOT_FILED',
              detail: {
                filed: false,
                reasons: input.reasons,
                filesReturned: true,
                noticeLater: !!input.noticeLater,
              } satisfies FilingDecisionRecord,
            },
    }),
  ],
});
