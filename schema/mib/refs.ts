import { agencyById } from '../../auth/context.ts';
import { notFound } from '../../domain/errors.ts';
import type { LeadRow } from '../../resolvers/leads.ts';
import type { HubBuilder } from '../builder.ts';
import { leadSubjectRef } from '../lead-subject.ts';

/** The MIB subgraph's object types, made first so that each type's file can refer to the others. */
export function mibRefs(builder: HubBuilder) {
  return {
    Lead: builder.objectRef<LeadRow>('Lead'),
    LeadSubject: leadSubjectRef(builder),
    Informant: builder.objectRef<LeadRow>('Informant'),
    LeadPage: builder.objectRef<{ items: LeadRow[]; nextCursor: string | null }>('LeadPage'),
    // The registry is every subgraph's to read: a lead's agency comes with its name from here, without a second
    // fetch from the shared subgraph (which answers every other field of an agency).
    Agency: builder.externalRef('Agency', builder.selection<{ id: string }>('id')).implement({
      externalFields: (t) => ({ id: t.id() }),
      fields: (t) => ({
        name: t.string({
          shareable: true,
          resolve: async (agency, _a, ctx) => {
            const row = await agencyById(ctx, agency.id);
            if (!row) throw notFound('agency');
            return row.name;
          },
        }),
      }),
    }),
  };
}

export type MibRefs = ReturnType<typeof mibRefs>;
