import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { Webhook } from 'standardwebhooks';
import type { Context } from '../auth/context.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../db/audit.ts';
import type { Db } from '../db/client.ts';
import { rowsOf, timestamptz } from '../db/rows.ts';
import {
  agencies,
  documents,
  matters,
  outcomeNotifications,
  steps,
  webhookDeliveries,
  webhooks,
} from '../db/schema.ts';
import type { Sealer } from '../domain/crypto.ts';
import { invalid, notFound } from '../domain/errors.ts';

/**
 * Outcome notifications pushed to an agency's endpoint, signed per Standard Webhooks (`standardwebhooks`: the
 * webhook-id, webhook-timestamp and webhook-signature headers, HMAC-SHA256 with the agency's secret), delivered and
 * retried with backoff by the job queue (pg-boss, resolvers/reports/jobs.ts). Polling `notifications` stays the
 * source of truth: a delivery that never succeeds loses nothing.
 */

export const WEBHOOK_QUEUE = 'webhook-delivery';
export const WEBHOOK_SWEEP_QUEUE = 'webhook-sweep';
/** NOTIFY'd by the step engine when a step tells the bureau an outcome: the job worker sweeps at once. */
export const OUTCOMES_CHANNEL = 'hub_outcomes';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An https URL; plain http only to this machine (a receiver under test), never to anywhere else. */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (value.length > 500) return 'must be at most 500 characters';
  if (url.username || url.password) return 'must not carry a user or password';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return null;
  return 'must be https:// (plain http only to 127.0.0.1)';
}

function manager(ctx: Context) {
  assertCan(ctx.viewer, 'webhook:manage');
  return ctx.viewer;
}

export type WebhookRow = typeof webhooks.$inferSelect;

/** Registers an endpoint for the caller's agency; the signing secret is shown this once. */
export async function registerWebhook(ctx: Context, url: string) {
  const viewer = manager(ctx);
  const problem = webhookUrlProblem(url);
  if (problem) throw invalid('url', problem);
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const row = await ctx.db.transaction(async (tx) => {
    const [made] = await tx
      .insert(webhooks)
      .values({ agencyId: viewer.agency.id, url, secretSealed: ctx.sealer.seal(secret), createdBy: viewer.personId })
      .returning();
    await recordAudit(tx, viewer, [
      { action: 'WEBHOOK_REGISTERED', targetType: 'Webhook', targetId: made.id, detail: { url } },
    ]);
    return made;
  });
  return { ...row, secret };
}

export async function removeWebhook(ctx: Context, id: string) {
  const viewer = manager(ctx);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound('webhook');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhooks)
      .set({ removedAt: new Date() })
      .where(and(eq(webhooks.id, id), eq(webhooks.agencyId, viewer.agency.id), isNull(webhooks.removedAt)))
      .returning();
    if (!row) throw notFound('webhook');
    await recordAudit(tx, viewer, [{ action: 'WEBHOOK_REMOVED', targetType: 'Webhook', targetId: id }]);
  });
  return true;
}

/** The caller's agency's endpoints, still registered. */
export async function agencyWebhooks(ctx: Context) {
  const viewer = ctx.viewer;
  assertCan(viewer, 'webhook:read');
  return ctx.db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.agencyId, viewer.agency.id), isNull(webhooks.removedAt)))
    .orderBy(webhooks.createdAt);
}

export const deliveriesOf = (ctx: Context, webhookId: string, first: number) =>
  ctx.db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(desc(webhookDeliveries.at))
    .limit(Math.min(Math.max(first, 1), 200));

/** Queues a delivery for every notification of the last week an active endpoint has not yet received. */
export async function sweepWebhooks(db: Db, boss: PgBoss) {
  const rows = await rowsOf<{ webhook_id: string; notification_id: string }>(
    db,
    sql`select w.id as webhook_id, n.id as notification_id
        from ${webhooks} w join ${outcomeNotifications} n on n.to_agency_id = w.agency_id and n.created_at >= w.created_at
        where w.removed_at is null and n.created_at > ${timestamptz(new Date(Date.now() - 7 * 86_400_000))}
          and not exists (select 1 from ${webhookDeliveries} d
                          where d.webhook_id = w.id and d.notification_id = n.id and d.outcome = 'DELIVERED')
        limit 10000`,
  );
  for (const row of rows)
    await boss.send(
      WEBHOOK_QUEUE,
      { webhookId: row.webhook_id, notificationId: row.notification_id },
      { singletonKey: `${row.webhook_id}:${row.notification_id}`, retryLimit: 5, retryDelay: 2, retryBackoff: true },
    );
  return rows.length;
}

/** One delivery attempt; throws (so the queue retries) unless the receiver answered 2xx. */
export async function deliver(
  db: Db,
  sealer: Sealer,
  job: { webhookId: string; notificationId: string },
  attempt: number,
) {
  const [hook] = await db.select().from(webhooks).where(eq(webhooks.id, job.webhookId));
  if (!hook || hook.removedAt) return 'removed';
  const [n] = await db
    .select({
      id: outcomeNotifications.id,
      createdAt: outcomeNotifications.createdAt,
      controlNumber: matters.controlNumber,
      matterId: matters.id,
      stage: matters.stage,
      step: steps.code,
      action: steps.action,
      fromAgency: agencies.name,
      document: documents.number,
    })
    .from(outcomeNotifications)
    .innerJoin(matters, eq(matters.id, outcomeNotifications.matterId))
    .innerJoin(steps, eq(steps.id, outcomeNotifications.stepId))
    .innerJoin(agencies, eq(agencies.id, outcomeNotifications.fromAgencyId))
    .leftJoin(documents, eq(documents.id, outcomeNotifications.documentId))
    .where(eq(outcomeNotifications.id, job.notificationId));
  if (!n) return 'gone';
  const [delivered] = await db
    .select({ at: webhookDeliveries.at })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.webhookId, hook.id),
        eq(webhookDeliveries.notificationId, n.id),
        eq(webhookDeliveries.outcome, 'DELIVERED'),
      ),
    );
  if (delivered) return 'delivered already';
  // What the bureau's system needs to fetch the rest with its own token: no names, no ID numbers.
  const payload = JSON.stringify({
    type: 'outcome_notification.created',
    timestamp: new Date().toISOString(),
    data: {
      notificationId: n.id,
      matterId: n.matterId,
      controlNumber: n.controlNumber,
      step: n.step,
      action: n.action,
      fromAgency: n.fromAgency,
      documentNumber: n.document,
      createdAt: n.createdAt.toISOString(),
    },
  });
  // The same message id on every attempt, as Standard Webhooks asks: a receiver may drop what it has seen.
  const id = `msg_${n.id}`;
  const timestamp = new Date();
  const signature = new Webhook(sealer.open(hook.secretSealed)).sign(id, timestamp, payload);
  const record = (outcome: 'DELIVERED' | 'FAILED', status: number | null, error: string | null) =>
    db.insert(webhookDeliveries).values({
      webhookId: hook.id,
      notificationId: n.id,
      attempt,
      outcome,
      status,
      error,
      at: new Date(),
    });
  let response: Response;
  try {
    response = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer().catch(() => undefined);
  } catch (error) {
    const message =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : 'failed';
    await record('FAILED', null, message.slice(0, 200));
    throw new Error(`webhook ${hook.id}: ${message}`);
  }
  if (response.status < 200 || response.status >= 300) {
    await record('FAILED', response.status, `HTTP ${response.status}`);
    throw new Error(`webhook ${hook.id}: HTTP ${response.status}`);
  }
  await record('DELIVERED', response.status, null);
  return 'delivered';
}
