import { BEHAVIOURS, LEAD_SOURCES } from '../../domain/codes.ts';
import {
  createLead,
  findLead,
  leadInput,
  listLeads,
  presentInformant,
  presentSubject,
  updateLead,
} from '../../resolvers/leads.ts';
import { guardFields, guardType, type HubBuilder } from '../builder.ts';
import { enumOf, inputTypeOf } from '../input.ts';
import { allowed, allowedOn } from '../rules.ts';
import type { MibRefs } from './refs.ts';

/** A lead (线索): in the slice of the bureau that took it and the bureaus above; its informant for the taker only. */
export function addLead(builder: HubBuilder, { Lead, LeadSubject, Informant, LeadPage, Agency }: MibRefs) {
  Lead.implement({
    description:
      'A lead (线索) taken by an MIB: a report, an inspection finding, a screening hit, an assignment or a referral.',
    fields: (t) => ({
      id: t.exposeID('id'),
      agency: t.field({
        type: Agency,
        description: 'The MIB that took the lead.',
        resolve: (lead) => ({ id: lead.agencyId }),
      }),
      source: t.expose('source', { type: enumOf(builder, LEAD_SOURCES) }),
      regionCode: t.exposeString('regionCode'),
      subject: t.field({ type: LeadSubject, resolve: (lead, _a, ctx) => presentSubject(ctx, lead) }),
      behaviours: t.field({ type: [enumOf(builder, BEHAVIOURS)], resolve: (lead) => lead.behaviours }),
      suspectedAmount: t.expose('suspectedAmount', { type: 'Money', nullable: true }),
      summary: t.exposeString('summary'),
      informant: t.field({ type: Informant, nullable: true, resolve: (lead, _a, ctx) => presentInformant(ctx, lead) }),
      receivedAt: t.expose('receivedAt', { type: 'DateTime' }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    }),
  });
  builder.asEntity(Lead, {
    key: builder.selection<{ id: string }>('id'),
    resolveReference: (ref, ctx) => findLead(ctx, ref.id),
  });
  guardType(builder, 'Lead', allowedOn('lead:read'), { informant: allowedOn('lead:readInformant') });

  builder.queryFields((t) => ({
    lead: t.field({
      type: Lead,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, { id }, ctx) => findLead(ctx, id),
    }),
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
        input: t.arg({ type: inputTypeOf(builder, leadInput, 'LeadInput'), required: true }),
        idempotencyKey: t.arg.string({
          description: 'Repeat the same key on a retry to get the first result, not a second lead.',
        }),
      },
      resolve: (_r, { input, idempotencyKey }, ctx) => createLead(ctx, input, idempotencyKey),
    }),
    updateLead: t.field({
      type: Lead,
      args: {
        id: t.arg.id({ required: true }),
        patch: t.arg({ type: inputTypeOf(builder, leadInput, 'LeadPatch', { partial: true }), required: true }),
      },
      resolve: (_r, { id, patch }, ctx) => updateLead(ctx, id, patch),
    }),
  }));
  guardFields(builder, 'Query', { lead: allowed('lead:list'), leads: allowed('lead:list') });
  guardFields(builder, 'Mutation', { createLead: allowed('lead:create'), updateLead: allowed('lead:update') });
}
