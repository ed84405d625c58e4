import type { webhookDeliveries } from '../../db/schema.ts';
import {
  agencyWebhooks,
  deliveriesOf,
  registerWebhook,
  removeWebhook,
  type WebhookRow,
} from '../../resolvers/webhooks.ts';
import { guardFields, guardType, type HubBuilder } from '../builder.ts';
import { allowed, guardedByParent } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

/**
 * A bureau's endpoints for its outcome notifications, pushed as signed Standard Webhooks with retries, and their
 * delivery log (resolvers/webhooks.ts). `notifications` with its cursor stays the source of truth.
 */
export function addWebhook(builder: HubBuilder, _refs: SharedRefs) {
  const Delivery = builder.objectRef<typeof webhookDeliveries.$inferSelect>('WebhookDelivery').implement({
    description: 'One attempt to deliver a notification: DELIVERED (the endpoint answered 2xx) or FAILED, and why.',
    fields: (t) => ({
      notificationId: t.exposeID('notificationId'),
      attempt: t.exposeInt('attempt'),
      outcome: t.exposeString('outcome'),
      status: t.exposeInt('status', { nullable: true }),
      error: t.exposeString('error', { nullable: true }),
      at: t.expose('at', { type: 'DateTime' }),
    }),
  });
  const Hook = builder.objectRef<WebhookRow>('Webhook').implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      url: t.exposeString('url'),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
      deliveries: t.field({
        type: [Delivery],
        description: 'The latest attempts, newest first.',
        args: { first: t.arg.int({ defaultValue: 20 }) },
        resolve: (hook, args, ctx) => deliveriesOf(ctx, hook.id, args.first ?? 20),
      }),
    }),
  });
  const Registration = builder.objectRef<WebhookRow & { secret: string }>('WebhookRegistration').implement({
    fields: (t) => ({
      webhook: t.field({ type: Hook, resolve: (r) => r }),
      secret: t.exposeString('secret', {
        description: 'The Standard Webhooks signing secret (whsec_…), shown this once: verify every delivery with it.',
      }),
    }),
  });
  for (const type of ['WebhookDelivery', 'Webhook', 'WebhookRegistration']) guardType(builder, type, guardedByParent);
  builder.queryField('webhooks', (t) =>
    t.field({
      type: [Hook],
      description: "Your bureau's endpoints for outcome notifications.",
      resolve: (_r, _a, ctx) => agencyWebhooks(ctx),
    }),
  );
  builder.mutationFields((t) => ({
    registerWebhook: t.field({
      type: Registration,
      description: 'An https endpoint for your bureau’s outcome notifications, signed per Standard Webhooks.',
      args: { url: t.arg.string({ required: true }) },
      resolve: (_r, args, ctx) => registerWebhook(ctx, args.url),
    }),
    removeWebhook: t.boolean({
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, args, ctx) => removeWebhook(ctx, args.id),
    }),
  }));
  guardFields(builder, 'Query', { webhooks: allowed('webhook:read') });
  guardFields(builder, 'Mutation', {
    registerWebhook: allowed('webhook:manage'),
    removeWebhook: allowed('webhook:manage'),
  });
}
