import { findMatterWithLead, matterSubject } from '../../resolvers/procedure/matters.ts';
import { guardFields, type HubBuilder } from '../builder.ts';
import { inMatterSlice } from '../rules.ts';
import { useMatterRef } from '../steps.ts';
import type { MibRefs } from './refs.ts';

/** The bureau's data on a matter, for the agencies handling it: who the matter is about. */
export function addMatterSubject(builder: HubBuilder, { LeadSubject }: MibRefs) {
  const Matter = builder
    .externalRef('Matter', builder.selection<{ id: string }>('id'), (ref, ctx) => findMatterWithLead(ctx, ref.id))
    .implement({
      externalFields: (t) => ({ id: t.id() }),
      fields: (t) => ({
        subject: t.field({
          type: LeadSubject,
          nullable: true,
          description:
            'Parties to the matter see the ID number; supervisors see it masked; analysts see the subject de-identified.',
          resolve: async (matter, _a, ctx) => (matter && 'leadId' in matter ? matterSubject(ctx, matter) : null),
        }),
      }),
    });
  useMatterRef(builder, Matter as never);
  guardFields(builder, 'Matter', { subject: inMatterSlice });
}
