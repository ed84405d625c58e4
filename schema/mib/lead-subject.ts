import { SUBJECT_KINDS } from '../../domain/codes.js';
import { subjectIdNumber, subjectName } from '../../resolvers/leads.js';
import { guardType, type HubBuilder } from '../builder.js';
import { enumOf } from '../input.js';
import { guardedByParent } from '../rules.js';
import type { MibRefs } from './refs.js';

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
