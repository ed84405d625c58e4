import { rule } from 'graphql-shield';
import type { Context } from '../../auth/context.js';
import { federationRoots, guardedByParent, hasPosition, ofAgencyKind } from '../../auth/rules.js';
import { leadAccess, type LeadRow } from '../../resolvers/leads.js';

/** Per record, so never cached across the items of a list. */
const inLeadSlice = rule('inLeadSlice', { cache: 'no_cache' })(
  (lead: LeadRow, _a, ctx: Context) => leadAccess(ctx.viewer, lead) !== null,
);
const ownsLead = rule('ownsLead', { cache: 'no_cache' })((lead: LeadRow, _a, ctx: Context) => leadAccess(ctx.viewer, lead) === 'OWNER');

export const permissions = {
  Query: { ...federationRoots, lead: ofAgencyKind('MIB'), leads: ofAgencyKind('MIB') },
  Mutation: { createLead: hasPosition('MIB_OFFICER'), updateLead: hasPosition('MIB_OFFICER') },
  Lead: {
    id: inLeadSlice,
    agency: inLeadSlice,
    source: inLeadSlice,
    regionCode: inLeadSlice,
    subject: inLeadSlice,
    behaviours: inLeadSlice,
    suspectedAmount: inLeadSlice,
    summary: inLeadSlice,
    informant: ownsLead,
    receivedAt: inLeadSlice,
    createdAt: inLeadSlice,
    updatedAt: inLeadSlice,
  },
  LeadSubject: { kind: guardedByParent, name: guardedByParent, idNumber: guardedByParent, creditCode: guardedByParent },
  Informant: { name: guardedByParent, phone: guardedByParent, realName: guardedByParent },
  LeadPage: { items: guardedByParent, nextCursor: guardedByParent },
  Agency: { id: guardedByParent },
};
