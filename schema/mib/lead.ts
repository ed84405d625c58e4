import { BEHAVIOURS, LEAD_SOURCES, SUBJECT_KINDS } from '../../resolvers/codes.js';
import { createLead, findLead, listLeads, presentInformant, presentSubject, updateLead, type LeadRow } from '../../resolvers/leads.js';
import type { HubBuilder } from '../builder.js';
import { enumOf } from '../enums.js';

export function addLead(builder: HubBuilder) {
  const LeadSource = enumOf(builder, 'LeadSource', LEAD_SOURCES);
  const SubjectKind = enumOf(builder, 'SubjectKind', SUBJECT_KINDS);
  const Behaviour = enumOf(builder, 'Behaviour', BEHAVIOURS);

  const Agency = builder.externalRef('Agency', builder.selection<{ id: string }>('id')).implement({
    externalFields: (t) => ({ id: t.id() }),
    fields: () => ({}),
  });

  const LeadSubject = builder.objectRef<ReturnType<typeof presentSubject>>('LeadSubject').implement({
    description: 'The institution or person the lead is about. ID numbers are masked outside the MIB that took the lead.',
    fields: (t) => ({
      kind: t.expose('kind', { type: SubjectKind }),
      name: t.exposeString('name'),
      idNumber: t.exposeString('idNumber', { nullable: true }),
      creditCode: t.exposeString('creditCode', { nullable: true }),
    }),
  });

  const Informant = builder.objectRef<LeadRow>('Informant').implement({
    description: 'The whistle-blower (举报人). Confidential: only the MIB that took the lead sees it.',
    fields: (t) => ({
      name: t.string({ resolve: (lead) => lead.informantName! }),
      phone: t.string({ nullable: true, resolve: (lead) => lead.informantPhone }),
      realName: t.boolean({ resolve: (lead) => lead.informantRealName ?? false }),
    }),
  });

  const Lead = builder.objectRef<LeadRow>('Lead').implement({
    description: 'A lead (线索) taken by an MIB: a report, an inspection finding, a screening hit, an assignment or a referral.',
    fields: (t) => ({
      id: t.exposeID('id'),
      agency: t.field({ type: Agency, description: 'The MIB that took the lead.', resolve: (lead) => ({ id: lead.agencyId }) }),
      source: t.expose('source', { type: LeadSource }),
      regionCode: t.exposeString('regionCode'),
      subject: t.field({ type: LeadSubject, resolve: (lead, _a, ctx) => presentSubject(ctx, lead) }),
      behaviours: t.field({ type: [Behaviour], resolve: (lead) => lead.behaviours }),
      suspectedAmount: t.expose('suspectedAmount', { type: 'Money', nullable: true }),
      summary: t.exposeString('summary'),
      informant: t.field({
        type: Informant,
        nullable: true,
        resolve: (lead, _a, ctx) => presentInformant(ctx, lead),
      }),
      receivedAt: t.expose('receivedAt', { type: 'DateTime' }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    }),
  });
  builder.asEntity(Lead, {
    key: builder.selection<{ id: string }>('id'),
    resolveReference: (ref, ctx) => findLead(ctx, ref.id),
  });

  const LeadPage = builder.objectRef<Awaited<ReturnType<typeof listLeads>>>('LeadPage').implement({
    fields: (t) => ({
      items: t.field({ type: [Lead], resolve: (page) => page.items }),
      nextCursor: t.exposeString('nextCursor', { nullable: true }),
    }),
  });

  const SubjectInput = builder.inputType('LeadSubjectInput', {
    fields: (t) => ({
      kind: t.field({ type: SubjectKind, required: true }),
      name: t.string({ required: true }),
      idNumber: t.string({ description: 'Citizen ID number (GB 11643), for a person.' }),
      creditCode: t.string({ description: 'Unified social credit code (GB 32100), for an institution.' }),
    }),
  });
  const InformantInput = builder.inputType('InformantInput', {
    fields: (t) => ({
      name: t.string({ required: true }),
      phone: t.string(),
      realName: t.boolean({ required: true, description: 'A real-name reporter is told of the filing decision.' }),
    }),
  });
  const leadFields = (required: boolean) => (t: any) => ({
    source: t.field({ type: LeadSource, required }),
    regionCode: t.string({ required, description: 'GB/T 2260 division where the conduct happened.' }),
    subject: t.field({ type: SubjectInput, required }),
    behaviours: t.field({ type: [Behaviour], required }),
    suspectedAmount: t.field({ type: 'Money' }),
    summary: t.string(),
    receivedAt: t.field({ type: 'DateTime', required }),
    informant: t.field({ type: InformantInput, description: 'Only for leads from a report (举报).' }),
  });
  const LeadInput = builder.inputType('LeadInput', { fields: leadFields(true) });
  const LeadPatch = builder.inputType('LeadPatch', { fields: leadFields(false) });

  builder.queryFields((t) => ({
    lead: t.field({ type: Lead, nullable: true, args: { id: t.arg.id({ required: true }) }, resolve: (_r, { id }, ctx) => findLead(ctx, id) }),
    leads: t.field({
      type: LeadPage,
      description: 'Leads in your slice, newest first.',
      args: { first: t.arg.int(), after: t.arg.string() },
      resolve: (_r, args, ctx) => listLeads(ctx, args),
    }),
  }));
  builder.mutationFields((t) => ({
    createLead: t.field({
      type: Lead,
      args: {
        input: t.arg({ type: LeadInput, required: true }),
        idempotencyKey: t.arg.string({ description: 'Repeat the same key on a retry to get the first result, not a second lead.' }),
      },
      resolve: (_r, { input, idempotencyKey }, ctx) => createLead(ctx, input as never, idempotencyKey),
    }),
    updateLead: t.field({
      type: Lead,
      args: { id: t.arg.id({ required: true }), patch: t.arg({ type: LeadPatch, required: true }) },
      resolve: (_r, { id, patch }, ctx) => updateLead(ctx, id, patch as never),
    }),
  }));
  return { LeadSubject };
}
