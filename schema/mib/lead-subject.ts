import { SUBJECT_KINDS } from '../../domain/codes.ts';
import { subjectIdNumber, subjectName } from '../../resolvers/leads.ts';
import { guardType, type HubBuilder } from '../builder.ts';
import { enumOf } from '../input.ts';
import { guardedByParent } from '../rules.ts';
import type { MibRefs } from './refs.ts';

/** Who a lead or matter is about, cut to what the viewer may see (full, ID masked, or de-identified). */
export function addLeadSubject(builder: HubBuilder, { LeadSubject }: MibRefs) {
  LeadSubject.implement({
    description:
      'The institution or person the lead is about. ID numbers are masked outside the MIB that took the lead.',
    fields: (t) => ({
      kind: t.field({ type: enumOf(builder, SUBJECT_KINDS), resolve: (s) => s.lead.subjectKind }),
      name: t.string({ resolve: subjectName }),
      idNumber: t.string({ nullable: true, resolve: (s, _a, ctx) => subjectIdNumber(ctx, s) }),
      creditCode: t.string({ nullable: true, resolve: (s) => s.lead.subjectCreditCode }),
    }),
  });
  guardType(builder, 'LeadSubject', guardedByParent);
}
