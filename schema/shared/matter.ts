import { agencyById, type AgencyRow } from '../../auth/context.js';
import { DOCUMENT_KINDS, LEGAL_BASES, STAGES, STEP_CODES } from '../../resolvers/codes.js';
import type { MatterRow } from '../../resolvers/procedure/engine.js';
import {
  acknowledgeNotification,
  findMatter,
  listMatters,
  matterClocks,
  matterAmounts,
  matterDocuments,
  matterTimeline,
  myNotifications,
  myOpenClocks,
  stepsByIds,
  type ClockRow,
  type NotificationRow,
} from '../../resolvers/procedure/matters.js';
import type { auditEvents, documents, steps } from '../../db/schema.js';
import { listAuditEntries } from '../../resolvers/audit.js';
import { answerConsultation, askConsultation, consultationsOf, type ConsultationRow } from '../../resolvers/procedure/cooperation.js';
import type { ObjectRef } from '@pothos/core';
import type { HubBuilder, HubTypes } from '../builder.js';
import { enumOf } from '../enums.js';

type DocumentRow = typeof documents.$inferSelect;
type StepRow = typeof steps.$inferSelect;

export function addMatter(builder: HubBuilder, { Agency }: { Agency: ObjectRef<PothosSchemaTypes.ExtendDefaultTypes<HubTypes>, AgencyRow> }) {
  const Stage = enumOf(builder, 'Stage', STAGES);
  const StepCode = enumOf(builder, 'StepCode', STEP_CODES);
  const LegalBasis = enumOf(builder, 'LegalBasis', LEGAL_BASES);
  const DocumentKind = enumOf(builder, 'DocumentKind', DOCUMENT_KINDS);

  const Document = builder.objectRef<DocumentRow>('Document').implement({
    description: 'A document the procedure issued, numbered in its agency’s yearly series.',
    fields: (t) => ({
      kind: t.expose('kind', { type: DocumentKind }),
      title: t.string({ resolve: (d) => DOCUMENT_KINDS.labels[d.kind] }),
      number: t.exposeString('number'),
      issuedAt: t.expose('issuedAt', { type: 'DateTime' }),
      agency: t.field({ type: Agency, resolve: async (d, _a, ctx) => (await agencyById(ctx, d.agencyId))! }),
    }),
  });

  const Clock = builder.objectRef<ClockRow>('Clock').implement({
    description: 'A statutory period: who must act, by when, and on what legal basis.',
    fields: (t) => ({
      code: t.expose('code', { type: StepCode }),
      step: t.string({ resolve: (c) => STEP_CODES.labels[c.code] }),
      agency: t.field({ type: Agency, description: 'The agency that must act.', resolve: async (c, _a, ctx) => (await agencyById(ctx, c.agencyId))! }),
      startedAt: t.expose('startedAt', { type: 'DateTime' }),
      dueAt: t.expose('dueAt', { type: 'DateTime', nullable: true, description: 'Null when the step is due at once (当场).' }),
      remainingSeconds: t.int({
        nullable: true,
        description: 'Negative once overdue; null when closed or due at once.',
        resolve: (c) => (c.closedAt || !c.dueAt ? null : Math.floor((c.dueAt.getTime() - Date.now()) / 1000)),
      }),
      overdue: t.boolean({ resolve: (c) => !c.optional && !!c.dueAt && (c.closedAt ?? new Date()) > c.dueAt }),
      optional: t.exposeBoolean('optional', { description: 'A window the agency may use (T5, T7, T12, T14), not a duty.' }),
      basis: t.exposeString('citation'),
      closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    }),
  });

  const TimelineStep = builder.objectRef<{ step: StepRow; document: DocumentRow | null }>('TimelineStep').implement({
    fields: (t) => ({
      code: t.field({ type: StepCode, resolve: (r) => r.step.code }),
      step: t.string({ resolve: (r) => STEP_CODES.labels[r.step.code] }),
      action: t.string({ resolve: (r) => r.step.action }),
      agency: t.field({ type: Agency, resolve: async (r, _a, ctx) => (await agencyById(ctx, r.step.agencyId))! }),
      personId: t.id({ resolve: (r) => r.step.personId }),
      takenAt: t.field({ type: 'DateTime', resolve: (r) => r.step.takenAt }),
      dueAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.step.dueAt }),
      late: t.boolean({ description: 'Taken after its deadline.', resolve: (r) => !!r.step.dueAt && r.step.takenAt > r.step.dueAt }),
      document: t.field({ type: Document, nullable: true, resolve: (r) => r.document }),
    }),
  });

  const Amounts = builder.objectRef<Awaited<ReturnType<typeof matterAmounts>>>('MatterAmounts').implement({
    description: 'Exact amounts in yuan for the matter.',
    fields: (t) => ({
      defrauded: t.expose('defrauded', { type: 'Money', nullable: true, description: 'As sent for prosecution.' }),
      recovered: t.expose('recovered', { type: 'Money', description: 'Recovered and equivalent-value recovered (G §20–§22).' }),
      returned: t.expose('returned', { type: 'Money', description: "Returned to the fund's special account, confirmed by the bureau (J 四(二))." }),
    }),
  });

  const DualListing = builder.objectRef<MatterRow>('DualListing').implement({
    description: '双挂牌督办 (J 五(二)): province bureau and province police co-supervise the matter; the heads are responsible.',
    fields: (t) => ({
      policeAgency: t.field({ type: Agency, resolve: async (m, _a, ctx) => (await agencyById(ctx, m.dualListingPoliceAgencyId))! }),
      mibHeadId: t.exposeID('dualListingMibHeadId', { nullable: true }),
      policeHeadId: t.exposeID('dualListingPoliceHeadId', { nullable: true }),
      listedAt: t.expose('dualListedAt', { type: 'DateTime', nullable: true, description: 'Null until the police head confirms.' }),
    }),
  });

  const ConsultationKind = builder.enumType('ConsultationKind', {
    values: { CONSULTATION: { description: '咨询立案追诉标准、证据固定等问题 (G §23 ¶1)' }, LOSS_CALCULATION: { description: '医保基金损失核算、专业认定 (G §25)' } },
  });
  const Consultation = builder.objectRef<ConsultationRow>('Consultation').implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      kind: t.expose('kind', { type: ConsultationKind }),
      fromAgency: t.field({ type: Agency, resolve: async (c, _a, ctx) => (await agencyById(ctx, c.fromAgencyId))! }),
      toAgency: t.field({ type: Agency, resolve: async (c, _a, ctx) => (await agencyById(ctx, c.toAgencyId))! }),
      question: t.exposeString('question'),
      askedAt: t.expose('askedAt', { type: 'DateTime' }),
      answer: t.exposeString('answer', { nullable: true }),
      lossAmount: t.expose('lossAmount', { type: 'Money', nullable: true }),
      answeredAt: t.expose('answeredAt', { type: 'DateTime', nullable: true }),
    }),
  });

  const Matter = builder.objectRef<MatterRow>('Matter');
  Matter.implement({
    description: 'A case from the administrative case through transfer, filing and beyond, under one control number.',
    fields: (t) => ({
      id: t.exposeID('id'),
      controlNumber: t.exposeString('controlNumber'),
      title: t.exposeString('title'),
      regionCode: t.exposeString('regionCode'),
      stage: t.expose('stage', { type: Stage }),
      basis: t.expose('basis', { type: LegalBasis }),
      mibAgency: t.field({ type: Agency, resolve: async (m, _a, ctx) => (await agencyById(ctx, m.mibAgencyId))! }),
      policeAgency: t.field({ type: Agency, nullable: true, resolve: async (m, _a, ctx) => agencyById(ctx, m.policeAgencyId) }),
      procuratorateAgency: t.field({
        type: Agency,
        nullable: true,
        resolve: async (m, _a, ctx) => agencyById(ctx, m.procuratorateAgencyId),
      }),
      courtAgency: t.field({ type: Agency, nullable: true, resolve: async (m, _a, ctx) => agencyById(ctx, m.courtAgencyId) }),
      policeCaseNumber: t.exposeString('policeCaseNumber', { nullable: true }),
      procuratorateCaseNumber: t.exposeString('procuratorateCaseNumber', { nullable: true }),
      courtCaseNumber: t.exposeString('courtCaseNumber', { nullable: true }),
      amounts: t.field({ type: Amounts, resolve: (m, _a, ctx) => matterAmounts(ctx.db, m.id) }),
      dualListing: t.field({ type: DualListing, nullable: true, resolve: (m) => (m.dualListingPoliceAgencyId ? m : null) }),
      consultations: t.field({ type: [Consultation], description: 'Those your agency asked or was asked.', resolve: (m, _a, ctx) => consultationsOf(ctx, m.id) }),
      clocks: t.field({
        type: [Clock],
        args: { open: t.arg.boolean({ description: 'Only the open ones.' }) },
        resolve: async (m, args, ctx) => (await matterClocks(ctx, m.id)).filter((c) => !args.open || !c.closedAt),
      }),
      timeline: t.field({ type: [TimelineStep], resolve: (m, _a, ctx) => matterTimeline(ctx, m.id) }),
      documents: t.field({ type: [Document], resolve: (m, _a, ctx) => matterDocuments(ctx, m.id) }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    }),
  });
  builder.asEntity(Matter, { key: builder.selection<{ id: string }>('id'), resolveReference: (ref, ctx) => findMatter(ctx, ref.id) });

  const OutcomeNotification = builder.objectRef<NotificationRow>('OutcomeNotification').implement({
    description: 'An outcome told to the bureau that transferred the matter (G §24 ¶2), with its document.',
    fields: (t) => ({
      id: t.exposeID('id'),
      matter: t.field({ type: Matter, nullable: true, resolve: (n, _a, ctx) => findMatter(ctx, n.matterId) }),
      step: t.field({ type: TimelineStep, resolve: async (n, _a, ctx) => (await stepsByIds(ctx, [n.stepId]))[0] }),
      fromAgency: t.field({ type: Agency, resolve: async (n, _a, ctx) => (await agencyById(ctx, n.fromAgencyId))! }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
      acknowledgedAt: t.expose('acknowledgedAt', { type: 'DateTime', nullable: true }),
      acknowledgedBy: t.exposeID('acknowledgedBy', { nullable: true }),
    }),
  });

  const AuditEntry = builder.objectRef<typeof auditEvents.$inferSelect>('AuditEntry').implement({
    description: 'One link of the append-only, hash-chained audit log.',
    fields: (t) => ({
      seq: t.int({ resolve: (e) => e.seq }),
      at: t.expose('at', { type: 'DateTime' }),
      actorId: t.exposeID('actorId', { nullable: true }),
      agencyId: t.exposeID('agencyId', { nullable: true }),
      action: t.exposeString('action'),
      targetType: t.exposeString('targetType', { nullable: true }),
      targetId: t.exposeID('targetId', { nullable: true }),
      hash: t.exposeString('hash'),
    }),
  });

  builder.queryFields((t) => ({
    auditEntries: t.field({
      type: [AuditEntry],
      description: "For an MIB head: its staff's and its records' entries. For a superior reviewer: those of the agencies under it.",
      args: { first: t.arg.int(), before: t.arg.int({ description: 'Entries before this sequence number.' }) },
      resolve: (_r, args, ctx) => listAuditEntries(ctx, args),
    }),
    matter: t.field({ type: Matter, nullable: true, args: { id: t.arg.id({ required: true }) }, resolve: (_r, { id }, ctx) => findMatter(ctx, id) }),
    matters: t.field({
      type: [Matter],
      description: 'Matters in your slice, most recently changed first.',
      args: { stage: t.arg({ type: Stage }), first: t.arg.int() },
      resolve: (_r, args, ctx) => listMatters(ctx, args),
    }),
    myClocks: t.field({
      type: [Clock],
      description: "Your agency's open duties that are overdue or due within the given hours.",
      args: { withinHours: t.arg.int({ defaultValue: 72 }) },
      resolve: (_r, args, ctx) => myOpenClocks(ctx, args.withinHours ?? 72),
    }),
    notifications: t.field({
      type: [OutcomeNotification],
      description: 'Outcome notifications addressed to your bureau, oldest first.',
      args: { unacknowledged: t.arg.boolean(), matterId: t.arg.id() },
      resolve: (_r, args, ctx) => myNotifications(ctx, args),
    }),
  }));
  builder.mutationFields((t) => ({
    askConsultation: t.field({
      type: Consultation,
      args: {
        matterId: t.arg.id({ required: true }),
        input: t.arg({
          type: builder.inputType('AskConsultationInput', {
            fields: (f) => ({ kind: f.field({ type: ConsultationKind, required: true }), toAgencyId: f.id({ required: true }), question: f.string({ required: true }) }),
          }),
          required: true,
        }),
      },
      resolve: (_r, args, ctx) => askConsultation(ctx, args.matterId, args.input),
    }),
    answerConsultation: t.field({
      type: Consultation,
      args: {
        id: t.arg.id({ required: true }),
        input: t.arg({
          type: builder.inputType('AnswerConsultationInput', {
            fields: (f) => ({ answer: f.string({ required: true }), lossAmount: f.field({ type: 'Money', description: 'For a loss calculation.' }) }),
          }),
          required: true,
        }),
      },
      resolve: (_r, args, ctx) => answerConsultation(ctx, args.id, args.input),
    }),
    acknowledgeNotification: t.field({
      type: OutcomeNotification,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, { id }, ctx) => acknowledgeNotification(ctx, id),
    }),
  }));
}
