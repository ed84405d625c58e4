import { hasPosition } from '../../auth/rules.js';
import { LEGAL_BASES } from '../../resolvers/codes.js';
import { openCase } from '../../resolvers/procedure/matters.js';
import {
  ATTACHMENT_KINDS,
  T11_HAND_OVER_ITEMS,
  T12_REQUEST_RECONSIDERATION,
  T14_REQUEST_SUPERVISION,
  T1_SUBMIT_TRANSFER_REPORT,
  T2_DECIDE_TRANSFER,
  T3_TRANSFER,
  T6_SUPPLEMENT,
} from '../../resolvers/procedure/steps.js';
import { ADMINISTRATIVE_FOLLOW_UP, RETURN_TO_FUND } from '../../resolvers/procedure/after-filing.js';
import { PROPOSE_DUAL_LISTING } from '../../resolvers/procedure/cooperation.js';
import type { HubBuilder } from '../builder.js';
import { enumOf } from '../enums.js';
import { addStepMutations, matterRef } from '../steps.js';

const ATTACHMENT_LABELS = {
  INVESTIGATION_REPORT: '案件调查报告',
  ITEM_LIST: '涉案物品清单',
  EVIDENCE: '书证、物证等证据材料',
  EXPERT_OPINION: '检验报告或者鉴定意见',
  PENALTY_DECISION: '行政处罚决定书（副本）',
  SUPPLEMENT: '补正材料',
  OTHER: '其他材料',
} satisfies Record<(typeof ATTACHMENT_KINDS)[number], string>;

/** The bureau's side of the transfer procedure: case, report, approval, transfer, supplement, hand-over, objections. */
export function addProcedure(builder: HubBuilder) {
  const LegalBasis = enumOf(builder, 'LegalBasis', LEGAL_BASES);
  const AttachmentKind = enumOf(builder, 'AttachmentKind', { labels: ATTACHMENT_LABELS, values: [...ATTACHMENT_KINDS] });
  const Attachment = builder.inputType('AttachmentInput', {
    fields: (t) => ({
      kind: t.field({ type: AttachmentKind, required: true }),
      title: t.string({ required: true }),
      reference: t.string({ description: 'The document number or evidence label.' }),
    }),
  });
  const stepPermissions = addStepMutations(builder, [
    { def: T1_SUBMIT_TRANSFER_REPORT, fields: (t) => ({ officerIds: t.idList({ required: true }), report: t.string({ required: true }) }) },
    { def: T2_DECIDE_TRANSFER, fields: (t) => ({ approved: t.boolean({ required: true }), reasons: t.string({ description: 'Required when refusing.' }) }) },
    { def: T3_TRANSFER, fields: (t) => ({ attachments: t.field({ type: [Attachment], required: true }) }) },
    { def: T6_SUPPLEMENT, fields: (t) => ({ attachments: t.field({ type: [Attachment], required: true }) }) },
    { def: T11_HAND_OVER_ITEMS, fields: (t) => ({ items: t.field({ type: [Attachment], required: true }) }) },
    { def: T12_REQUEST_RECONSIDERATION, fields: (t) => ({ reasons: t.string({ required: true }) }) },
    { def: T14_REQUEST_SUPERVISION, fields: (t) => ({ reasons: t.string({ required: true }) }) },
    {
      def: ADMINISTRATIVE_FOLLOW_UP,
      fields: (t) => ({
        penalised: t.boolean({ required: true }),
        penaltyDecisionNumber: t.string({ description: 'When penalised.' }),
        penaltyAmount: t.field({ type: 'Money', description: 'When penalised.' }),
        reasons: t.string({ description: 'When not: why no penalty.' }),
      }),
    },
    { def: PROPOSE_DUAL_LISTING, fields: (t) => ({ policeAgencyId: t.id({ required: true, description: 'The province-level police asked to co-list.' }) }) },
    {
      def: RETURN_TO_FUND,
      fields: (t) => ({ amount: t.field({ type: 'Money', required: true }), voucher: t.string({ required: true }), attachments: t.field({ type: [Attachment] }) }),
    },
  ]);
  const OpenCaseInput = builder.inputType('OpenCaseInput', {
    fields: (t) => ({
      title: t.string({ required: true }),
      basis: t.field({ type: LegalBasis, description: 'Which rules count the filing review; STANDARD unless it is an economic-crime case.' }),
    }),
  });
  builder.mutationField('openCase', (t) =>
    t.field({
      type: matterRef(builder),
      description: 'Opens the administrative case (行政案件) for one of your leads; the matter keeps its control number to the end.',
      args: { leadId: t.arg.id({ required: true }), input: t.arg({ type: OpenCaseInput, required: true }) },
      resolve: async (_r, args, ctx) => ({ id: (await openCase(ctx, args.leadId, args.input)).id }),
    }),
  );
  return { Mutation: { ...stepPermissions.Mutation, openCase: hasPosition('MIB_OFFICER') }, Matter: stepPermissions.Matter };
}
