import { guardType, type HubBuilder } from '../builder.ts';
import { guardedByParent } from '../rules.ts';
import type { MibRefs } from './refs.ts';

/** A page of leads with the cursor of the next one. */
export function addLeadPage(builder: HubBuilder, { LeadPage, Lead }: MibRefs) {
  LeadPage.implement({
    fields: (t) => ({
      items: t.field({ type: [Lead], resolve: (page) => page.items }),
      nextCursor: t.exposeString('nextCursor', { nullable: true }),
    }),
  });
  guardType(builder, 'LeadPage', guardedByParent);
}
