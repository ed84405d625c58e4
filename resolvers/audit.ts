import { and, desc, eq, inArray, like, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Context } from '../auth/context.ts';
import { can } from '../auth/policy.ts';
import { recordReadAudit } from '../db/audit.ts';
import { agencies, auditEvents, leads, matters } from '../db/schema.ts';
import type { AuditEvent } from '../domain/audit.ts';
import { divisionPrefix } from '../domain/divisions.ts';
import type { HubError } from '../domain/errors.ts';
import { pageSize } from '../domain/validate.ts';

const DENIALS = new Set(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED']);

export interface ErrorSeen {
  message: string;
  path?: readonly (string | number)[];
  code?: string;
}

/** A refusal met outside GraphQL (a document's file, a report's file), recorded as a refused field is. */
export async function recordRefusal(
  ctx: Pick<Context, 'db'> & { viewer: Context['viewer'] },
  path: string,
  error: HubError,
) {
  if (!DENIALS.has(error.code)) return;
  await recordReadAudit(ctx.db, ctx.viewer, [
    { action: 'ACCESS_DENIED', detail: { code: error.code, path, message: error.message } },
  ]);
}

/**
 * Writes what a request read of sensitive fields, and every denial it met, in one transaction. The subgraph calls it
 * before its response leaves; when it fails, the response is replaced by an error: nothing read goes unrecorded.
 */
export async function flushRequestAudit(ctx: Context, errors: readonly ErrorSeen[] = []) {
  const denials = errors
    .filter((e) => e.code && DENIALS.has(e.code))
    .map(
      (e): AuditEvent => ({
        action: 'ACCESS_DENIED',
        detail: { code: e.code!, path: e.path?.join('.') ?? null, message: e.message },
      }),
    );
  const events = [...ctx.audit, ...denials];
  if (events.length === 0) return;
  await recordReadAudit(ctx.db, ctx.viewer, events);
}

/**
 * Audit entries a viewer may read: an MIB head those of its own staff and those about its own leads and matters;
 * a superior reviewer (auditor) those of every agency in the regions under it. Newest first.
 */
export async function listAuditEntries(ctx: Context, page: { first?: number | null; before?: number | null }) {
  const viewer = ctx.viewer;
  const first = pageSize(page.first, 50, 200);
  if (!viewer || !can(viewer, 'audit:list')) return [];
  let scope: SQL | undefined;
  if (viewer.position === 'SUPERIOR_REVIEWER') {
    const under = ctx.db
      .select({ id: agencies.id })
      .from(agencies)
      .where(like(agencies.divisionCode, `${divisionPrefix(viewer.agency.divisionCode)}%`));
    scope = inArray(auditEvents.agencyId, under);
  } else {
    const ownLeads = ctx.db
      .select({ id: sql<string>`${leads.id}::text` })
      .from(leads)
      .where(eq(leads.agencyId, viewer.agency.id));
    const ownMatters = ctx.db
      .select({ id: sql<string>`${matters.id}::text` })
      .from(matters)
      .where(eq(matters.mibAgencyId, viewer.agency.id));
    scope = or(
      eq(auditEvents.agencyId, viewer.agency.id),
      inArray(auditEvents.targetId, ownLeads),
      inArray(auditEvents.targetId, ownMatters),
    );
  }
  return ctx.db
    .select()
    .from(auditEvents)
    .where(and(scope, page.before ? lt(auditEvents.seq, page.before) : undefined))
    .orderBy(desc(auditEvents.seq))
    .limit(first);
}
