import { federationRoots } from '../../auth/rules.js';
import { CHARGES } from '../../resolvers/codes.js';
import { APPEAL, COURT_RECOVERY, JUDGMENT, JUDGMENT_EFFECTIVE } from '../../resolvers/procedure/after-filing.js';
import { createBuilder } from '../builder.js';
import { enumOf } from '../enums.js';
import { addStepMutations } from '../steps.js';

/** The court's part: judgments per defendant, appeals, effect, recovery. It sees only matters prosecuted to it. */
export function buildCourt() {
  const builder = createBuilder();
  builder.mutationType({});
  const Charge = enumOf(builder, 'Charge', CHARGES);
  const Verdict = builder.enumType('Verdict', {
    values: { GUILTY: { description: '有罪' }, NOT_GUILTY: { description: '无罪' }, EXEMPT_FROM_PUNISHMENT: { description: '定罪免刑' } },
  });
  const Appellant = builder.enumType('Appellant', { values: { DEFENDANT: { description: '被告人上诉' }, PROCURATORATE: { description: '检察院抗诉' } } });
  const RecoveryKind = builder.enumType('RecoveryKind', { values: { RECOVERED: { description: '追缴' }, EQUIVALENT_RECOVERED: { description: '追缴等值财产' } } });
  const Defendant = builder.inputType('DefendantJudgmentInput', {
    fields: (t) => ({
      name: t.string({ required: true }),
      verdict: t.field({ type: Verdict, required: true }),
      charges: t.field({ type: [Charge], required: true }),
      imprisonmentMonths: t.int(),
      probationMonths: t.int(),
      fundActivityBan: t.boolean({ description: 'Banned from fund-related activity during probation (G §13).' }),
      fine: t.field({ type: 'Money' }),
      confiscation: t.field({ type: 'Money' }),
      toRecover: t.field({ type: 'Money', description: 'Proceeds to recover or repay (G §21).' }),
    }),
  });
  const stepPermissions = addStepMutations(builder, [
    { def: JUDGMENT, fields: (t) => ({ courtCaseNumber: t.string({ required: true }), defendants: t.field({ type: [Defendant], required: true }) }) },
    { def: APPEAL, fields: (t) => ({ by: t.field({ type: Appellant, required: true }), note: t.string() }) },
    { def: JUDGMENT_EFFECTIVE, fields: (t) => ({ effectiveOn: t.string({ required: true, description: 'YYYY-MM-DD' }) }) },
    {
      def: COURT_RECOVERY,
      fields: (t) => ({ kind: t.field({ type: RecoveryKind, required: true }), amount: t.field({ type: 'Money', required: true }), description: t.string({ required: true }) }),
    },
  ]);
  return { builder, permissions: { Query: { ...federationRoots }, ...stepPermissions } };
}
