import { SUBJECT_KINDS } from '../domain/codes.ts';
import { type SubjectPresented, subjectIdNumber, subjectName } from '../resolvers/leads.ts';
import { guardType, type HubBuilder } from './builder.ts';
import { enumOf } from './input.ts';
import { guardedByParent } from './rules.ts';

const makeLeadSubject = (builder: HubBuilder) =>
  builder.objectRef<SubjectPresented>('LeadSubject').implement({
    description:
      'The institution or person a lead, and the matter opened from it, is about; as much of it as the field that leads here shows.',
    // The same value in the MIB subgraph (a lead's subject) and the shared one (a matter's): each answers it itself.
    shareable: true,
    fields: (t) => ({
      kind: t.field({ type: enumOf(builder, SUBJECT_KINDS), resolve: (s) => s.lead.subjectKind }),
      name: t.string({ resolve: subjectName }),
      idNumber: t.string({ nullable: true, resolve: (s, _a, ctx) => subjectIdNumber(ctx, s) }),
      creditCode: t.string({ nullable: true, resolve: (s) => s.lead.subjectCreditCode }),
    }),
  });

const leadSubjects = new WeakMap<HubBuilder, ReturnType<typeof makeLeadSubject>>();

/** Who a lead or matter is about, cut to what the viewer may see (full, ID masked, or de-identified). */
export function leadSubjectRef(builder: HubBuilder) {
  if (!leadSubjects.has(builder)) {
    leadSubjects.set(builder, makeLeadSubject(builder));
    guardType(builder, 'LeadSubject', guardedByParent);
  }
  return leadSubjects.get(builder)!;
}
