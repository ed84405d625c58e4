import { guardType, type HubBuilder } from '../builder.ts';
import { guardedByParent } from '../rules.ts';
import type { MibRefs } from './refs.ts';

/** The whistle-blower, reachable only through `Lead.informant`, whose own rule admits the bureau that took the lead. */
export function addInformant(builder: HubBuilder, { Informant }: MibRefs) {
  Informant.implement({
    description: 'The whistle-blower (举报人). Confidential: only the MIB that took the lead sees it.',
    fields: (t) => ({
      name: t.string({ resolve: (lead) => lead.informantName! }),
      phone: t.string({ nullable: true, resolve: (lead) => lead.informantPhone }),
      realName: t.boolean({ resolve: (lead) => lead.informantRealName ?? false }),
    }),
  });
  guardType(builder, 'Informant', guardedByParent);
}
