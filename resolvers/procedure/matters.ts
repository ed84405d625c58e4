import { and, asc, desc, eq, gt, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { batched, type Context } from '../../auth/context.ts';
import { assertCan, can, matterAccess, matterSlice } from '../../auth/policy.ts';
import { anyOf } from '../../db/any-of.ts';
import { recordAudit } from '../../db/audit.ts';
import { rowsByIds } from '../../db/prepared.ts';
import { clocks, documents, leads, matters, outcomeNotifications, steps } from '../../db/schema.ts';
import { LEGAL_BASES, type Stage } from '../../domain/codes.ts';
import { invalid, notFound } from '../../domain/errors.ts';
import { shanghaiDay } from '../../domain/time.ts';
import { pageSize, parseInput, zText } from '../../domain/validate.ts';
import { leadsByIds, presentSubject, type SubjectView } from '../leads.ts';
import { cursorOf, pageOf, positionAfter } from '../paging.ts';
import { currentCalendar } from './calendar.ts';
import { clocksAfter } from './clocks.ts';
import { allocateDocumentNumber, openClocks } from './engine.ts';
import type { MatterRow } from './step.ts';

const uuid = z.uuid();
export type ClockRow = typeof clocks.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type StepRow = typeof steps.$inferSelect;
export type NotificationRow = typeof outcomeNotifications.$inferSelect;
export type TimelineEntry = { step: StepRow; document: DocumentRow | null };

/** Groups rows by a key, in the order of `keys`: one list per key, empty where none. */
const groupBy = <R>(keys: readonly string[], rows: R[], key: (row: R) => string) => {
  const groups = new Map<string, R[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(key(row))?.push(row);
  return keys.map((k) => groups.get(k)!);
};

export const openCaseInput = z.object({
  title: zText(200).min(1, 'must not be empty'),
  basis: LEGAL_BASES.schema
    .nullish()
    .describe('Which rules count the filing review; STANDARD unless it is an economic-crime case.'),
});

/** Opens the administrative case (行政案件) for a lead: the matter, with its control number for the whole procedure. */
export async function openCase(ctx: Context, leadId: string, rawInput: unknown) {
  const viewer = ctx.viewer;
  assertCan(viewer, 'matter:open', 'only an MIB enforcement officer opens a case');
  const input = parseInput(openCaseInput, rawInput);
  const calendar = await currentCalendar(ctx.db);
  return ctx.db.transaction(async (tx) => {
    // The lead's row lock makes a second openCase for it wait, and then find the first one's case.
    const [lead] = uuid.safeParse(leadId).success
      ? await tx.select().from(leads).where(eq(leads.id, leadId)).for('update')
      : [];
    if (!lead || !can(viewer, 'lead:openCase', lead)) throw notFound('lead');
    const [existing] = await tx.select({ id: matters.id }).from(matters).where(eq(matters.leadId, leadId));
    if (existing) throw invalid('leadId', 'a case is already open for this lead');
    const now = new Date();
    const number = await allocateDocumentNumber(tx, viewer.agency.id, 'CASE_OPENING', now);
    const serial = /〕(\d+)号$/.exec(number)![1].padStart(5, '0');
    const [matter] = await tx
      .insert(matters)
      .values({
        controlNumber: `YB${viewer.agency.divisionCode}-${shanghaiDay(now).slice(0, 4)}-${serial}`,
        leadId,
        title: input.title,
        regionCode: lead.regionCode,
        basis: input.basis ?? 'STANDARD',
        stage: 'CASE_OPEN',
        mibAgencyId: viewer.agency.id,
      })
      .returning();
    await tx
      .insert(documents)
      .values({ matterId: matter.id, kind: 'CASE_OPENING', number, agencyId: viewer.agency.id, issuedAt: now });
    // The case's own clocks start with it: A1, the decision within 90 days.
    const { starting } = clocksAfter('', null, matter, [], now);
    await openClocks({ tx, matter, calendar }, starting, matter);
    await recordAudit(tx, viewer, [
      { action: 'CASE_OPENED', targetType: 'Matter', targetId: matter.id, detail: { leadId } },
    ]);
    return matter;
  });
}

/** A matter in the viewer's slice, or null; batched, so `_entities` for a list costs one query. */
export async function findMatter(ctx: Context, id: string): Promise<MatterRow | null> {
  if (!ctx.viewer || !uuid.safeParse(id).success) return null;
  const loader = batched<string, MatterRow | null>(ctx, 'matter', async (ids) => {
    const rows = await rowsByIds(ctx.db, matters, matters.id)(ids);
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  });
  const row = await loader.load(id);
  return row && can(ctx.viewer, 'matter:read', row) ? row : null;
}

/** A page of the matters in the viewer's slice, newest first; `after` is the cursor a previous page returned. */
export async function listMatters(
  ctx: Context,
  filter: { stage?: Stage | null; first?: number | null; after?: string | null },
) {
  const first = pageSize(filter.first, 20, 100);
  const slice = matterSlice(ctx.viewer);
  if (!slice) return { items: [], nextCursor: null };
  const where = [slice, filter.stage ? eq(matters.stage, filter.stage) : undefined];
  const after = positionAfter(filter.after);
  if (after)
    where.push(or(lt(matters.createdAt, after.at), and(eq(matters.createdAt, after.at), lt(matters.id, after.id))));
  const rows = await ctx.db
    .select()
    .from(matters)
    .where(and(...where))
    .orderBy(desc(matters.createdAt), desc(matters.id))
    .limit(first + 1);
  return pageOf(rows, first, (matter) => ({ at: matter.createdAt, id: matter.id }));
}

export const matterClocks = (ctx: Context, matterId: string) =>
  batched<string, ClockRow[]>(ctx, 'clocks', async (ids) => {
    const rows = await ctx.db
      .select()
      .from(clocks)
      .where(anyOf(clocks.matterId, ids))
      .orderBy(asc(clocks.startedAt), asc(clocks.code));
    return groupBy(ids, rows, (r) => r.matterId);
  }).load(matterId);

/** The matter's history, oldest first, with each step's document. */
export const matterTimeline = (ctx: Context, matterId: string) =>
  batched<string, TimelineEntry[]>(ctx, 'timeline', async (ids) => {
    const rows = await ctx.db
      .select({ step: steps, document: documents })
      .from(steps)
      .leftJoin(documents, eq(documents.id, steps.documentId))
      .where(anyOf(steps.matterId, ids))
      .orderBy(asc(steps.takenAt));
    return groupBy(ids, rows, (r) => r.step.matterId);
  }).load(matterId);

export const matterDocuments = (ctx: Context, matterId: string) =>
  batched<string, DocumentRow[]>(ctx, 'documents', async (ids) => {
    const rows = await ctx.db
      .select()
      .from(documents)
      .where(anyOf(documents.matterId, ids))
      .orderBy(asc(documents.issuedAt));
    return groupBy(ids, rows, (r) => r.matterId);
  }).load(matterId);

/** The viewer's agency's open duties that are overdue, due within `withinHours`, due at once, or pending a calendar. */
export async function myOpenClocks(ctx: Context, withinHours: number) {
  if (!ctx.viewer) return [];
  if (!Number.isInteger(withinHours) || withinHours < 0 || withinHours > 24 * 90)
    throw invalid('withinHours', 'must be between 0 and 2160');
  return ctx.db
    .select()
    .from(clocks)
    .where(
      and(
        eq(clocks.agencyId, ctx.viewer.agency.id),
        isNull(clocks.closedAt),
        eq(clocks.optional, false),
        or(lte(clocks.dueAt, new Date(Date.now() + withinHours * 3600_000)), isNull(clocks.dueAt)),
      ),
    )
    .orderBy(sql`${clocks.dueAt} asc nulls first`, asc(clocks.startedAt));
}

/** Outcome notifications addressed to the viewer's bureau, oldest first. */
/**
 * A page of the notifications addressed to the viewer's bureau, oldest first. `endCursor` is where a poller resumes
 * next time (the source of truth behind webhooks: a notification whose delivery failed is still here).
 */
export async function myNotifications(
  ctx: Context,
  filter: { unacknowledged?: boolean | null; matterId?: string | null; first?: number | null; after?: string | null },
): Promise<NotificationPage> {
  const first = pageSize(filter.first, 100, 100);
  const after = positionAfter(filter.after);
  const viewer = ctx.viewer;
  const empty = { items: [], nextCursor: null, endCursor: filter.after ?? null };
  if (!viewer || !can(viewer, 'notification:list')) return empty;
  if (filter.matterId && !uuid.safeParse(filter.matterId).success) return empty;
  const rows = await ctx.db
    .select()
    .from(outcomeNotifications)
    .where(
      and(
        eq(outcomeNotifications.toAgencyId, viewer.agency.id),
        filter.unacknowledged ? isNull(outcomeNotifications.acknowledgedAt) : undefined,
        filter.matterId ? eq(outcomeNotifications.matterId, filter.matterId) : undefined,
        after
          ? or(
              gt(outcomeNotifications.createdAt, after.at),
              and(eq(outcomeNotifications.createdAt, after.at), gt(outcomeNotifications.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(outcomeNotifications.createdAt), asc(outcomeNotifications.id))
    .limit(first + 1);
  const position = (n: NotificationRow) => ({ at: n.createdAt, id: n.id });
  const page = pageOf(rows, first, position);
  const last = page.items[page.items.length - 1];
  return { ...page, endCursor: last ? cursorOf(position(last)) : empty.endCursor };
}

export interface NotificationPage {
  items: NotificationRow[];
  nextCursor: string | null;
  endCursor: string | null;
}

export async function acknowledgeNotification(ctx: Context, id: string) {
  const viewer = ctx.viewer;
  assertCan(viewer, 'notification:acknowledge', 'only MIB officers and heads acknowledge notifications');
  return ctx.db.transaction(async (tx) => {
    const [row] = uuid.safeParse(id).success
      ? await tx.select().from(outcomeNotifications).where(eq(outcomeNotifications.id, id)).for('update')
      : [];
    if (!row || !can(viewer, 'notification:read', row)) throw notFound('notification');
    if (row.acknowledgedAt) return row;
    const [updated] = await tx
      .update(outcomeNotifications)
      .set({ acknowledgedAt: new Date(), acknowledgedBy: viewer.personId })
      .where(eq(outcomeNotifications.id, id))
      .returning();
    await recordAudit(tx, viewer, [
      { action: 'NOTIFICATION_ACKNOWLEDGED', targetType: 'OutcomeNotification', targetId: id },
    ]);
    return updated;
  });
}

/** A step of the timeline with its document, batched by step id. */
export const stepById = (ctx: Context, id: string) =>
  batched<string, TimelineEntry | null>(ctx, 'step', async (ids) => {
    const rows = await ctx.db
      .select({ step: steps, document: documents })
      .from(steps)
      .leftJoin(documents, eq(documents.id, steps.documentId))
      .where(anyOf(steps.id, ids));
    return ids.map((id) => rows.find((r) => r.step.id === id) ?? null);
  }).load(id);

/**
 * The person or institution a matter is about, for the agencies handling it: parties see the ID number, supervisors
 * see it masked, analysts see the subject de-identified.
 */
export async function matterSubject(ctx: Context, matter: MatterRow) {
  const access = matterAccess(ctx.viewer, matter);
  if (!access) return null;
  const lead = await leadsByIds(ctx, matter.leadId);
  if (!lead) return null;
  const view: SubjectView =
    ctx.viewer?.position === 'MIB_ANALYST' ? 'DEIDENTIFIED' : access.role === 'PARTY' ? 'FULL' : 'MASKED_ID';
  return presentSubject(ctx, lead, view);
}
