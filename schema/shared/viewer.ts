import { POSITIONS } from '../../domain/codes.js';
import { guardFields, guardType, type HubBuilder } from '../builder.js';
import { enumOf } from '../input.js';
import { guardedByParent, isAuthenticated } from '../rules.js';
import type { SharedRefs } from './refs.js';

/** Who the token says is calling. */
export function addViewer(builder: HubBuilder, { Viewer, Agency }: SharedRefs) {
  Viewer.implement({
    description: 'Who the token says is calling.',
    fields: (t) => ({
      personId: t.exposeID('personId'),
      position: t.expose('position', { type: enumOf(builder, POSITIONS) }),
      agency: t.field({ type: Agency, resolve: (viewer) => viewer.agency }),
    }),
  });
  guardType(builder, 'Viewer', guardedByParent);
  builder.queryField('me', (t) => t.field({ type: Viewer, resolve: (_r, _a, ctx) => ctx.viewer! }));
  guardFields(builder, 'Query', { me: isAuthenticated });
}
