import { POSITIONS } from '../../domain/codes.ts';
import { guardFields, guardType, type HubBuilder } from '../builder.ts';
import { enumOf } from '../input.ts';
import { guardedByParent, isAuthenticated } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

/** Who is calling, from the registry. */
export function addViewer(builder: HubBuilder, { Viewer, Agency }: SharedRefs) {
  Viewer.implement({
    description: 'Who is calling: the person the token names, as the registry knows them.',
    fields: (t) => ({
      personId: t.exposeID('personId'),
      name: t.exposeString('name'),
      position: t.expose('position', {
        type: enumOf(builder, POSITIONS),
        description: 'The position this request acts in.',
      }),
      positions: t.expose('positions', {
        type: [enumOf(builder, POSITIONS)],
        description: 'Every position the person holds.',
      }),
      agency: t.field({ type: Agency, resolve: (viewer) => viewer.agency }),
    }),
  });
  guardType(builder, 'Viewer', guardedByParent);
  builder.queryField('me', (t) => t.field({ type: Viewer, resolve: (_r, _a, ctx) => ctx.viewer! }));
  guardFields(builder, 'Query', { me: isAuthenticated });
}
