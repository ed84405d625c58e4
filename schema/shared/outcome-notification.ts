import { agencyById } from '../../auth/context.ts';
import { acknowledgeNotification, findMatter, myNotifications, stepById } from '../../resolvers/procedure/matters.ts';
import { guardFields, guardType, type HubBuilder } from '../builder.ts';
import { allowed, allowedOn, guardedByParent } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

/** The outcomes told to the bureau (G §24 ¶2): read and acknowledged by the bureau they are addressed to. */
export function addOutcomeNotification(
  builder: HubBuilder,
  { OutcomeNotification, NotificationPage, Matter, TimelineStep, Agency }: SharedRefs,
) {
  OutcomeNotification.implement({
    description: 'An outcome told to the bureau that transferred the matter (G §24 ¶2), with its document.',
    fields: (t) => ({
      id: t.exposeID('id'),
      matter: t.field({ type: Matter, nullable: true, resolve: (n, _a, ctx) => findMatter(ctx, n.matterId) }),
      step: t.field({ type: TimelineStep, resolve: async (n, _a, ctx) => (await stepById(ctx, n.stepId))! }),
      fromAgency: t.field({ type: Agency, resolve: async (n, _a, ctx) => (await agencyById(ctx, n.fromAgencyId))! }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
      acknowledgedAt: t.expose('acknowledgedAt', { type: 'DateTime', nullable: true }),
      acknowledgedBy: t.exposeID('acknowledgedBy', { nullable: true }),
    }),
  });
  guardType(builder, 'OutcomeNotification', allowedOn('notification:read'));

  builder.queryField('notifications', (t) =>
    t.field({
      type: NotificationPage,
      description:
        'Outcome notifications addressed to your bureau, oldest first, a page at a time: pass `nextCursor` back as `after` while there is one; poll later from `endCursor`.',
      args: { unacknowledged: t.arg.boolean(), matterId: t.arg.id(), first: t.arg.int(), after: t.arg.string() },
      resolve: (_r, args, ctx) => myNotifications(ctx, args),
    }),
  );
  NotificationPage.implement({
    fields: (t) => ({
      items: t.field({ type: [OutcomeNotification], resolve: (page) => page.items }),
      nextCursor: t.exposeString('nextCursor', {
        nullable: true,
        description: 'The next page, when more notifications are there now.',
      }),
      endCursor: t.exposeString('endCursor', {
        nullable: true,
        description: 'After the last notification seen: where to poll from next time.',
      }),
    }),
  });
  guardType(builder, 'NotificationPage', guardedByParent);
  builder.mutationField('acknowledgeNotification', (t) =>
    t.field({
      type: OutcomeNotification,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, { id }, ctx) => acknowledgeNotification(ctx, id),
    }),
  );
  guardFields(builder, 'Query', { notifications: allowed('notification:list') });
  guardFields(builder, 'Mutation', { acknowledgeNotification: allowed('notification:acknowledge') });
}
