import { agencyById } from '../../auth/context.ts';
import { guardType, type HubBuilder } from '../builder.ts';
import { guardedByParent } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

export function addDualListing(builder: HubBuilder, { DualListing, Agency }: SharedRefs) {
  DualListing.implement({
    description:
      '双挂牌督办 (J 五(二)): province bureau and province police co-supervise the matter; the heads are responsible.',
    fields: (t) => ({
      policeAgency: t.field({
        type: Agency,
        resolve: async (m, _a, ctx) => (await agencyById(ctx, m.dualListingPoliceAgencyId))!,
      }),
      mibHeadId: t.exposeID('dualListingMibHeadId', { nullable: true }),
      policeHeadId: t.exposeID('dualListingPoliceHeadId', { nullable: true }),
      listedAt: t.expose('dualListedAt', {
        type: 'DateTime',
        nullable: true,
        description: 'Null until the police head confirms.',
      }),
    }),
  });
  guardType(builder, 'DualListing', guardedByParent);
}
