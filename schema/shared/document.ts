import { agencyById } from '../../auth/context.js';
import { DOCUMENT_KINDS } from '../../domain/codes.js';
import { guardType, type HubBuilder } from '../builder.js';
import { enumOf } from '../input.js';
import { guardedByParent } from '../rules.js';
import type { SharedRefs } from './refs.js';

/** A document of the procedure, reached through its matter's timeline or documents. */
export function addDocument(builder: HubBuilder, { Document, Agency }: SharedRefs) {
  Document.implement({
    description: 'A document the procedure issued, numbered in its agency’s yearly series.',
    fields: (t) => ({
      kind: t.expose('kind', { type: enumOf(builder, DOCUMENT_KINDS) }),
      title: t.string({ resolve: (d) => DOCUMENT_KINDS.labels[d.kind] }),
      number: t.exposeString('number'),
      issuedAt: t.expose('issuedAt', { type: 'DateTime' }),
      agency: t.field({ type: Agency, resolve: async (d, _a, ctx) => (await agencyById(ctx, d.agencyId))! }),
    }),
  });
  guardType(builder, 'Document', guardedByParent);
}
