import { federationRoots } from '../../auth/rules.js';
import {
  T13_DECIDE_RECONSIDERATION,
  T15_EXPLAIN_NON_FILING,
  T17_FILE_AFTER_ORDER,
  T18_DESIGNATE_JURISDICTION,
  T4_ACCEPT_TRANSFER,
  T5_REQUEST_SUPPLEMENT,
  T7_FORWARD,
  T8_EXTEND_REVIEW,
  T9_DECIDE_FILING,
} from '../../resolvers/procedure/steps.js';
import { INVESTIGATION_PROGRESS, POLICE_PROCEEDS, SEND_FOR_PROSECUTION, WITHDRAWAL } from '../../resolvers/procedure/after-filing.js';
import { PROCEEDS_KINDS } from '../../resolvers/codes.js';
import { CONFIRM_DUAL_LISTING } from '../../resolvers/procedure/cooperation.js';
import { createBuilder } from '../builder.js';
import { enumOf } from '../enums.js';
import { addStepMutations } from '../steps.js';

/** The police's steps: receipt, supplement request, forwarding, filing review and decision, reconsideration, supervision. */
export function buildPolice() {
  const builder = createBuilder();
  builder.mutationType({});
  const ReviewExtension = builder.enumType('ReviewExtension', {
    values: {
      VERIFY: { description: '线索需要查证：7日（经济犯罪：最长10日）' },
      MAJOR: { description: '重大疑难复杂，经县级以上公安机关负责人批准：30日' },
      MAJOR_EXTENDED: { description: '经济犯罪案件再延长30日' },
    },
  });
  const ProceedsKind = enumOf(builder, 'ProceedsKind', PROCEEDS_KINDS);
  const stepPermissions = addStepMutations(builder, [
    { def: T4_ACCEPT_TRANSFER, fields: (t) => ({ note: t.string() }) },
    { def: T5_REQUEST_SUPPLEMENT, fields: (t) => ({ missing: t.string({ required: true }) }) },
    { def: T7_FORWARD, fields: (t) => ({ toAgencyId: t.id({ required: true }), reasons: t.string({ required: true }) }) },
    { def: T18_DESIGNATE_JURISDICTION, fields: (t) => ({ toAgencyId: t.id({ required: true }), reasons: t.string({ required: true }) }) },
    { def: T8_EXTEND_REVIEW, fields: (t) => ({ variant: t.field({ type: ReviewExtension, required: true }), reasons: t.string({ required: true }) }) },
    {
      def: T9_DECIDE_FILING,
      fields: (t) => ({
        filed: t.boolean({ required: true }),
        policeCaseNumber: t.string({ description: 'When filed.' }),
        reasons: t.string({ description: 'When not filed: the written reasons.' }),
        filesReturned: t.boolean({ description: 'When not filed: the case files are returned.' }),
      }),
    },
    {
      def: T13_DECIDE_RECONSIDERATION,
      fields: (t) => ({ upheld: t.boolean({ required: true }), reasons: t.string(), policeCaseNumber: t.string({ description: 'When the non-filing is reversed.' }) }),
    },
    { def: T15_EXPLAIN_NON_FILING, fields: (t) => ({ reasons: t.string({ required: true }) }) },
    { def: T17_FILE_AFTER_ORDER, fields: (t) => ({ policeCaseNumber: t.string({ required: true }) }) },
    { def: INVESTIGATION_PROGRESS, fields: (t) => ({ progress: t.string({ required: true }), suspectsDetained: t.int() }) },
    { def: SEND_FOR_PROSECUTION, fields: (t) => ({ suspects: t.stringList({ required: true }), amountDefrauded: t.field({ type: 'Money', required: true }) }) },
    { def: CONFIRM_DUAL_LISTING, fields: (t) => ({ note: t.string() }) },
    { def: WITHDRAWAL, fields: (t) => ({ reasons: t.string({ required: true }) }) },
    {
      def: POLICE_PROCEEDS,
      fields: (t) => ({ kind: t.field({ type: ProceedsKind, required: true }), amount: t.field({ type: 'Money', required: true }), description: t.string({ required: true }) }),
    },
  ]);
  return { builder, permissions: { Query: { ...federationRoots }, ...stepPermissions } };
}
