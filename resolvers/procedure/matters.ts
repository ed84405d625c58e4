import { and, asc, desc, eq, inArray, isNotNull, isNull, like, lte, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Context, Viewer } from '../../auth/context.js';
import type { Db } from '../../db/client.js';
import { clocks, documents, leads, matters, outcomeNotifications, steps } from '../../db/schema.js';
import { divisionPrefix } from '../agencies.js';
import { recordAudit } from '../audit.js';
import { LEGAL_BASES, type Stage } from '../codes.js';
import { forbidden, invalid, notFound } from '../errors.js';
import { leadAccess, presentSubject, type SubjectView } from '../leads.js';
import { pageSize, parseInput, zEnum, zText } from '../validate.js';
import { allocateDocumentNumber, matterAccess, type MatterRow } from './engine.js';
import { shanghaiDay } from './deadline.js';

const uuid = z.uuid();

/** Matters in the viewer's slice, as a WHERE clause: the party's own, and for supervisors the regions under them. */
function sliceCondition(viewer: Viewer): SQL | undefined {
  const agency = viewer.agency;
  const columns = {
    MIB: [matters.mibAgencyId, null],
    POLICE: [matters.policeAgencyId, matters.policeAgencyId],
    PROCURATORATE: [matters.procuratorateAgencyId, matters.policeAgencyId],
    COURT: [matters.courtAgencyId, matters.courtAgencyId],
  } as const;
  if (agency.kind === 'SUPERIOR') {
    return viewer.position === 'SUPERIOR_REVIEWER' ? like(matters.regionCode, `${divisionPrefix(agency.divisionCode)}%`) : undefined;
  }
  if (!(agency.kind in columns)) return undefined;
  const [column, reached] = columns[agency.kind as keyof typeof columns];
  const own = agency.kind === 'POLICE' ? or(eq(column, agency.id), eq(matters.dualListingPoliceAgencyId, agency.id))! : eq(column, agency.id);
  if (agency.level === 'COUNTY') return own;
  const region = like(matters.regionCode, `${divisionPrefix(agency.divisionCode)}%`);
  return or(own, reached ? and(region, isNotNull(reached)) : region);
}

/** Opens the administrative case (行政案件) for a lead: the matter, with its control number for the whole procedure. */
export async function openCase(ctx: Context, leadId: string, rawInput: unknown) {
  const viewer = ctx.viewer;
  if (!viewer || viewer.position !== 'MIB_OFFICER') throw forbidden('only an MIB enforcement officer opens a case');
  const input = parseInput(z.object({ title: zText(200).min(1, 'must not be empty'), basis: zEnum(LEGAL_BASES).nullish() }), rawInput);
  return ctx.db.transaction(async (tx) => {
    const [lead] = uuid.safeParse(leadId).success ? await tx.select().from(leads).where(eq(leads.id, leadId)) : [];
    if (!lead || leadAccess(viewer, lead) !== 'OWNER') throw notFound('lead');
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
    await tx.insert(documents).values({ matterId: matter.id, kind: 'CASE_OPENING', number, agencyId: viewer.agency.id, issuedAt: now });
    await recordAudit(tx, viewer, [{ action: 'matter.open', targetType: 'Matter', targetId: matter.id, detail: { leadId } }]);
    return matter;
  });
}

export async function findMatter(ctx: Context, id: string): Promise<MatterRow | null> {
  if (!ctx.viewer || !uuid.safeParse(id).success) return null;
  const [row] = await ctx.db.select().from(matters).where(eq(matters.id, id));
  return row && matterAccess(ctx.viewer, row) ? row : null;
}

export async function listMatters(ctx: Context, filter: { stage?: Stage | null; first?: number | null }) {
  const first = pageSize(filter.first, 20, 100);
  const slice = ctx.viewer && sliceCondition(ctx.viewer);
  if (!slice) return [];
  return ctx.db
    .select()
    .from(matters)
    .where(and(slice, filter.stage ? eq(matters.stage, filter.stage) : undefined))
    .orderBy(desc(matters.updatedAt))
    .limit(first);
}

export const matterClocks = (ctx: Context, matterId: string) =>
  ctx.db.select().from(clocks).where(eq(clocks.matterId, matterId)).orderBy(asc(clocks.startedAt), asc(clocks.code));

/** The matter's history, oldest first, with each step's document. */
export const matterTimeline = (ctx: Context, matterId: string) =>
  ctx.db
    .select({ step: steps, document: documents })
    .from(steps)
    .leftJoin(documents, eq(documents.id, steps.documentId))
    .where(eq(steps.matterId, matterId))
    .orderBy(asc(steps.takenAt));

export const matterDocuments = (ctx: Context, matterId: string) =>
  ctx.db.select().from(documents).where(eq(documents.matterId, matterId)).orderBy(asc(documents.issuedAt));

export type ClockRow = typeof clocks.$inferSelect;

/** The viewer's agency's open duties that are overdue, or due within `withinHours`. */
export async function myOpenClocks(ctx: Context, withinHours: number) {
  if (!ctx.viewer) return [];
  if (!Number.isInteger(withinHours) || withinHours < 0 || withinHours > 24 * 90) throw invalid('withinHours', 'must be between 0 and 2160');
  return ctx.db
    .select()
    .from(clocks)
    .where(and(eq(clocks.agencyId, ctx.viewer.agency.id), isNull(clocks.closedAt), eq(clocks.optional, false), lte(clocks.dueAt, new Date(Date.now() + withinHours * 3600_000))))
    .orderBy(asc(clocks.dueAt));
}

export type NotificationRow = typeof outcomeNotifications.$inferSelect;

/** Outcome notifications addressed to the viewer's bureau, oldest first. */
export async function myNotifications(ctx: Context, filter: { unacknowledged?: boolean | null; matterId?: string | null }) {
  const viewer = ctx.viewer;
  if (!viewer || viewer.agency.kind !== 'MIB') return [];
  if (filter.matterId && !uuid.safeParse(filter.matterId).success) return [];
  return ctx.db
    .select()
    .from(outcomeNotifications)
    .where(
      and(
        eq(outcomeNotifications.toAgencyId, viewer.agency.id),
        filter.unacknowledged ? isNull(outcomeNotifications.acknowledgedAt) : undefined,
        filter.matterId ? eq(outcomeNotifications.matterId, filter.matterId) : undefined,
      ),
    )
    .orderBy(asc(outcomeNotifications.createdAt), asc(sql`${outcomeNotifications.id}`));
}

export async function acknowledgeNotification(ctx: Context, id: string) {
  const viewer = ctx.viewer;
  if (!viewer || (viewer.position !== 'MIB_OFFICER' && viewer.position !== 'MIB_HEAD')) throw forbidden('only MIB officers and heads acknowledge notifications');
  return ctx.db.transaction(async (tx) => {
    const [row] = uuid.safeParse(id).success ? await tx.select().from(outcomeNotifications).where(eq(outcomeNotifications.id, id)).for('update') : [];
    if (!row || row.toAgencyId !== viewer.agency.id) throw notFound('notification');
    if (row.acknowledgedAt) return row;
    const [updated] = await tx
      .update(outcomeNotifications)
      .set({ acknowledgedAt: new Date(), acknowledgedBy: viewer.personId })
      .where(eq(outcomeNotifications.id, id))
      .returning();
    await recordAudit(tx, viewer, [{ action: 'notification.acknowledge', targetType: 'OutcomeNotification', targetId: id }]);
    return updated;
  });
}

export async function stepsByIds(ctx: Context, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return ctx.db.select({ step: steps, document: documents }).from(steps).leftJoin(documents, eq(documents.id, steps.documentId)).where(inArray(steps.id, [...ids]));
}

/** Per matter, exact: amount defrauded (as sent for prosecution), recovered (G §20–§22), returned to the fund (J 四(二)). */
export async function matterAmounts(db: Db, matterId: string) {
  const [row] = await db
    .select({
      defrauded: sql<string | null>`(array_agg(${steps.detail}->>'amountDefrauded' order by ${steps.takenAt} desc) filter (where ${steps.code} = 'SEND_FOR_PROSECUTION'))[1]`,
      recovered: sql<string>`round(coalesce(sum((${steps.detail}->>'amount')::numeric) filter (where ${steps.code} = 'PROCEEDS' and ${steps.detail}->>'kind' in ('RECOVERED', 'EQUIVALENT_RECOVERED')), 0), 2)::text`,
      returned: sql<string>`round(coalesce(sum((${steps.detail}->>'amount')::numeric) filter (where ${steps.code} = 'RETURN_TO_FUND'), 0), 2)::text`,
    })
    .from(steps)
    .where(eq(steps.matterId, matterId));
  return row;
}

/**
 * The person or institution a matter is about, for the agencies handling it: parties see the ID number, supervisors
 * see it masked, analysts see the subject de-identified.
 */
export async function matterSubject(ctx: Context, matter: MatterRow) {
  const access = matterAccess(ctx.viewer, matter);
  if (!access) return null;
  const [lead] = await ctx.db.select().from(leads).where(eq(leads.id, matter.leadId));
  const view: SubjectView = ctx.viewer?.position === 'MIB_ANALYST' ? 'DEIDENTIFIED' : access.role === 'PARTY' ? 'FULL' : 'MASKED_ID';
  return presentSubject(ctx, lead, view);
}
