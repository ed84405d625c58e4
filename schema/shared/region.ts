import { guardType, type HubBuilder } from '../builder.ts';
import { guardedByParent } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

export function addRegion(builder: HubBuilder, { Region }: SharedRefs) {
  Region.implement({
    description: 'An administrative division (GB/T 2260).',
    fields: (t) => ({
      code: t.exposeString('code'),
      name: t.exposeString('name'),
      parentCode: t.exposeString('parentCode', { nullable: true }),
    }),
  });
  guardType(builder, 'Region', guardedByParent);
}
