import { guardType, type HubBuilder } from '../builder.ts';
import { guardedByParent } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

export function addMatterAmounts(builder: HubBuilder, { MatterAmounts }: SharedRefs) {
  MatterAmounts.implement({
    description: 'Exact amounts in yuan for the matter.',
    fields: (t) => ({
      defrauded: t.expose('defrauded', { type: 'Money', nullable: true, description: 'As sent for prosecution.' }),
      recovered: t.expose('recovered', {
        type: 'Money',
        description: 'Recovered and equivalent-value recovered (G §20–§22).',
      }),
      returned: t.expose('returned', {
        type: 'Money',
        description: "Returned to the fund's special account, confirmed by the bureau (J 四(二)).",
      }),
    }),
  });
  guardType(builder, 'MatterAmounts', guardedByParent);
}
