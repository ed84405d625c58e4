import type { LeadRow, SubjectPresented } from '../../resolvers/leads.js';
import type { HubBuilder } from '../builder.js';

/** The MIB subgraph's object types, made first so that each type's file can refer to the others. */
export function mibRefs(builder: HubBuilder) {
  return {
    Lead: builder.objectRef<LeadRow>('Lead'),
    LeadSubject: builder.objectRef<SubjectPresented>('LeadSubject'),
    Informant: builder.objectRef<LeadRow>('Informant'),
    LeadPage: builder.objectRef<{ items: LeadRow[]; nextCursor: string | null }>('LeadPage'),
    Agency: builder
      .externalRef('Agency', builder.selection<{ id: string }>('id'))
      .implement({ externalFields: (t) => ({ id: t.id() }), fields: () => ({}) }),
  };
}

export type MibRefs = ReturnType<typeof mibRefs>;
