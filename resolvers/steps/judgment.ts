import { z } from 'zod';
import { CHARGES, graphqlMeta, VERDICTS } from '../../domain/codes.ts';
import { invalid } from '../../domain/errors.ts';
import { zMoney, zPersonName, zText } from '../../domain/validate.ts';
import { lastStep } from '../procedure/history.ts';
import { action, defineStep, stepRecord } from '../procedure/step.ts';
import { indictmentRecord } from './prosecution.ts';

/** A court case number such as (2026)吉0102刑初123号. */
const courtCaseNumber = z
  .string()
  .regex(/^[（(]\d{4}[)）][\u4e00-\u9fa5]\d{1,4}刑(初|终)\d+号$/, 'must look like (2026)吉0102刑初123号');

/** One defendant's judgment: charges, verdict and sentence (G §13–§14, §21). */
const defendant = z
  .object({
    name: zPersonName,
    verdict: VERDICTS.schema,
    charges: z.array(CHARGES.schema).max(10, 'must name at most 10 charges'),
    imprisonmentMonths: z.number().int().min(0).max(300).nullish(),
    probationMonths: z.number().int().min(0).max(60).nullish(),
    fundActivityBan: z.boolean().nullish().describe('Banned from fund-related activity during probation (G §13).'),
    fine: zMoney.nullish(),
    confiscation: zMoney.nullish(),
    toRecover: zMoney.nullish().describe('Proceeds to recover or repay (G §21).'),
    addedReason: zText(2000)
      .nullish()
      .describe('Why a defendant the indictment does not name is judged (追加起诉 and the like).'),
  })
  .superRefine((d, issue) => {
    const add = (path: string, message: string) => issue.addIssue({ code: 'custom', path: [path], message });
    if (d.verdict !== 'NOT_GUILTY' && d.charges.length === 0) add('charges', 'a conviction names at least one charge');
    if (d.verdict === 'NOT_GUILTY' && (d.imprisonmentMonths || d.fine || d.probationMonths))
      add('verdict', 'an acquittal carries no sentence');
    if (d.probationMonths && !d.imprisonmentMonths)
      add('probationMonths', 'probation suspends a term of imprisonment, so one must be given');
    if (d.fundActivityBan && !d.probationMonths)
      add('fundActivityBan', 'the ban from fund-related activity goes with probation (G §13)');
  })
  .register(graphqlMeta, { name: 'DefendantJudgmentInput' });

/** What a JUDGMENT step stores: the court's case number, each defendant as judged, and the charges of the case. */
export const judgmentRecord = stepRecord(
  z.object({
    courtCaseNumber: z.string(),
    instance: z.enum(['FIRST', 'SECOND']),
    defendants: z.array(defendant),
    charges: z.array(CHARGES.schema),
  }),
);
export type JudgmentRecord = z.output<typeof judgmentRecord.schema>;

/** The court judges each defendant, at first instance or, after an appeal, at second. */
export default defineStep({
  code: 'JUDGMENT',
  label: '判决',
  actions: [
    action({
      name: 'recordJudgment',
      side: 'COURT',
      positions: ['JUDGE'],
      from: ['PROSECUTED', 'APPEALED'],
      input: z.object({
        courtCaseNumber,
        defendants: z
          .array(defendant)
          .min(1, 'must judge at least one defendant')
          .max(500, 'must judge at most 500 defendants'),
      }),
      document: 'JUDGMENT',
      notifiesMib: true,
      record: judgmentRecord,
      async run(s, input) {
        const indictment = await lastStep(s.tx, s.matter.id, 'prosecute');
        const indicted = new Set(indictment ? indictmentRecord.read(indictment.detail).defendants : []);
        for (const [i, d] of input.defendants.entries()) {
          if (!indicted.has(d.name) && !d.addedReason) {
            throw invalid(
              `input.defendants.${i}.name`,
              `${d.name} is not among the indicted; give addedReason to judge someone else`,
            );
          }
        }
        return {
          stage: 'JUDGED',
          patch: { courtCaseNumber: input.courtCaseNumber },
          detail: {
            courtCaseNumber: input.courtCaseNumber,
            instance: s.matter.stage === 'APPEALED' ? 'SECOND' : 'FIRST',
            defendants: input.defendants,
            charges: [...new Set(input.defendants.flatMap((d) => d.charges))],
          } satisfies JudgmentRecord,
        };
      },
    }),
  ],
});
