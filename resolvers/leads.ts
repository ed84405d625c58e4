import { and, desc, eq, like, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { batched, type Context, type Viewer } from '../auth/context.ts';
import { assertCan, can, type LeadAccess, type LeadRow, leadAccess, leadSlice } from '../auth/policy.ts';
import { recordAudit } from '../db/audit.ts';
import type { Db } from '../db/client.ts';
import { preparedOnce, rowsByIds } from '../db/prepared.ts';
import { leads, regions } from '../db/schema.ts';
import { BEHAVIOURS, graphqlMeta, LEAD_SOURCES, SUBJECT_KINDS } from '../domain/codes.ts';
import { isWithinDivision } from '../domain/divisions.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { maskIdNumber, maskPersonName } from '../domain/mask.ts';
import {
  pageSize,
  parseInput,
  zCreditCode,
  zDivisionCode,
  zIdNumber,
  zMoney,
  zName,
  zPhone,
  zText,
} from '../domain/validate.ts';
import { pageOf, positionAfter } from './paging.ts';

export type { LeadRow };

const leadSchema = z
  .object({
    source: LEAD_SOURCES.schema,
    regionCode: zDivisionCode.describe('GB/T 2260 division where the conduct happened.'),
    subject: z
      .object({
        kind: SUBJECT_KINDS.schema,
        name: zName,
        idNumber: zIdNumber.nullish().describe('Citizen ID number (GB 11643), for a person.'),
        creditCode: zCreditCode.nullish().describe('Unified social credit code (GB 32100), for an institution.'),
      })
      .register(graphqlMeta, { name: 'LeadSubjectInput' }),
    behaviours: z
      .array(BEHAVIOURS.schema)
      .max(BEHAVIOURS.values.length, `must name at most ${BEHAVIOURS.values.length} behaviour codes`)
      .min(1, 'must name at least one behaviour code')
      .refine((codes) => new Set(codes).size === codes.length, 'must not repeat a behaviour code'),
    suspectedAmount: zMoney.nullish(),
    summary: zText(4000).nullish(),
    receivedAt: z.date().refine((d) => d.getTime() <= Date.now() + 60_000, 'must not be in the future'),
    informant: z
      .object({
        name: zName,
        phone: zPhone.nullish(),
        realName: z.boolean().describe('A real-name reporter is told of the filing decision.'),
      })
      .register(graphqlMeta, { name: 'InformantInput' })
      .nullish()
      .describe('Only for leads from a report (举报).'),
  })
  .superRefine((lead, issue) => {
    if (lead.subject.kind === 'INSTITUTION' && lead.subject.idNumber) {
      issue.addIssue({ code: 'custom', path: ['subject', 'idNumber'], message: 'is for a person, not an institution' });
    }
    if (lead.subject.kind === 'PERSON' && lead.subject.creditCode) {
      issue.addIssue({
        code: 'custom',
        path: ['subject', 'creditCode'],
        message: 'is for an institution, not a person',
      });
    }
    if (lead.informant && lead.source !== 'REPORT') {
      issue.addIssue({
        code: 'custom',
        path: ['informant'],
        message: 'is recorded only for leads from a report (举报)',
      });
    }
  });

/** The contract of a lead: `createLead` validates it whole, `updateLead` the merged result of a patch. */
export const leadInput = leadSchema;
type LeadInput = z.input<typeof leadSchema>;

async function checkRegion(db: Db, viewer: Viewer, regionCode: string) {
  if (!isWithinDivision(regionCode, viewer.agency.divisionCode)) {
    throw invalid('input.regionCode', `is outside the jurisdiction of ${viewer.agency.name}`);
  }
  const [known] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, regionCode));
  if (!known) throw invalid('input.regionCode', 'is not a known GB/T 2260 division');
}

function toColumns(ctx: Context, lead: z.output<typeof leadSchema>) {
  const idNumber = lead.subject.idNumber ?? null;
  return {
    source: lead.source,
    regionCode: lead.regionCode,
    subjectKind: lead.subject.kind,
    subjectName: lead.subject.name,
    subjectCreditCode: lead.subject.creditCode ?? null,
    subjectIdNumberSealed: idNumber ? ctx.sealer.seal(idNumber) : null,
    subjectIdNumberHash: idNumber ? ctx.sealer.lookupHash(idNumber) : null,
    behaviours: lead.behaviours,
    suspectedAmount: lead.suspectedAmount ?? null,
    summary: lead.summary ?? '',
    informantName: lead.informant?.name ?? null,
    informantPhone: lead.informant?.phone ?? null,
    informantRealName: lead.informant?.realName ?? null,
    receivedAt: lead.receivedAt,
  };
}

function requireOfficer(ctx: Context): Viewer {
  const viewer = ctx.viewer;
  assertCan(viewer, 'lead:create', 'only an MIB enforcement officer records leads');
  return viewer;
}

export async function createLead(ctx: Context, input: unknown, idempotencyKey?: string | null): Promise<LeadRow> {
  const viewer = requireOfficer(ctx);
  const lead = parseInput(leadSchema, input);
  await checkRegion(ctx.db, viewer, lead.regionCode);
  if (idempotencyKey !== undefined && idempotencyKey !== null && !/^[\w-]{8,100}$/.test(idempotencyKey)) {
    throw invalid('idempotencyKey', 'must be 8–100 letters, digits, "-" or "_"');
  }
  return ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(leads)
      .values({ ...toColumns(ctx, lead), agencyId: viewer.agency.id, createdBy: viewer.personId, idempotencyKey })
      .onConflictDoNothing({ target: [leads.agencyId, leads.idempotencyKey] })
      .returning();
    if (!created) {
      const [earlier] = await tx
        .select()
        .from(leads)
        .where(and(eq(leads.agencyId, viewer.agency.id), eq(leads.idempotencyKey, idempotencyKey!)));
      return earlier;
    }
    await recordAudit(tx, viewer, [{ action: 'LEAD_CREATED', targetType: 'Lead', targetId: created.id }]);
    return created;
  });
}

function toInput(ctx: Context, row: LeadRow): LeadInput {
  return {
    source: row.source,
    regionCode: row.regionCode,
    subject: {
      kind: row.subjectKind,
      name: row.subjectName,
      idNumber: row.subjectIdNumberSealed ? ctx.sealer.open(row.subjectIdNumberSealed) : null,
      creditCode: row.subjectCreditCode,
    },
    behaviours: row.behaviours,
    suspectedAmount: row.suspectedAmount,
    summary: row.summary,
    receivedAt: row.receivedAt,
    informant: row.informantName
      ? { name: row.informantName, phone: row.informantPhone, realName: row.informantRealName ?? false }
      : null,
  };
}

/** Applies a partial change; the merged lead must pass the same checks as a new one. */
export async function updateLead(ctx: Context, id: string, rawPatch: unknown): Promise<LeadRow> {
  const viewer = requireOfficer(ctx);
  const patch = (rawPatch ?? {}) as Partial<LeadInput>;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(leads).where(eq(leads.id, id)).for('update');
    if (!row || !can(viewer, 'lead:change', row)) throw notFound('lead');
    const current = toInput(ctx, row);
    const merged = Object.fromEntries(
      Object.entries({ ...current, ...patch }).map(([k, v]) => [
        k,
        v === undefined ? current[k as keyof LeadInput] : v,
      ]),
    );
    if (patch.subject) merged.subject = { ...current.subject, ...patch.subject };
    const lead = parseInput(leadSchema, merged);
    await checkRegion(tx, viewer, lead.regionCode);
    const [updated] = await tx
      .update(leads)
      .set({ ...toColumns(ctx, lead), updatedAt: new Date() })
      .where(eq(leads.id, id))
      .returning();
    await recordAudit(tx, viewer, [
      { action: 'LEAD_UPDATED', targetType: 'Lead', targetId: id, detail: { fields: Object.keys(patch).sort() } },
    ]);
    return updated;
  });
}

/** Leads by id, whoever may see them, batched per request: for the matter's subject. */
export const leadsByIds = (ctx: Context, id: string) =>
  batched<string, LeadRow | null>(ctx, 'lead', async (ids) => {
    const rows = await rowsByIds(ctx.db, leads, leads.id)(ids);
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  }).load(id);

/** A lead in the viewer's slice, or null; batched, so `_entities` for a list costs one query. */
export async function findLead(ctx: Context, id: string): Promise<LeadRow | null> {
  if (!ctx.viewer || !z.uuid().safeParse(id).success) return null;
  const lead = await leadsByIds(ctx, id);
  return lead && can(ctx.viewer, 'lead:read', lead) ? lead : null;
}

/** The informant, for the MIB that took the lead only; every such read is audited. */
export function presentInformant(ctx: Context, lead: LeadRow) {
  if (!can(ctx.viewer, 'lead:readInformant', lead) || !lead.informantName) return null;
  ctx.audit.push({ action: 'INFORMANT_READ', targetType: 'Lead', targetId: lead.id });
  return lead;
}

const MAX_PAGE = 100;

/** Newest first; `after` is the cursor a previous page returned. */
export async function listLeads(ctx: Context, page: { first?: number | null; after?: string | null }) {
  const first = pageSize(page.first, 20, MAX_PAGE);
  const slice = leadSlice(ctx.viewer);
  if (!slice) return { items: [], nextCursor: null };
  const after = positionAfter(page.after);
  const rows = await leadPage(ctx.db, slice.regionsLike !== null, after !== null).execute({
    agency: slice.agencyId,
    regions: slice.regionsLike,
    at: after?.at.toISOString(),
    id: after?.id,
    limit: first + 1,
  });
  return pageOf(rows, first, (lead) => ({ at: lead.receivedAt, id: lead.id }));
}

/** The list's four shapes (one agency or a division; first page or after a cursor), each prepared once. */
const leadPage = (db: Db, division: boolean, afterCursor: boolean) =>
  preparedOnce(db, `lead-page-${division}-${afterCursor}`, () => {
    const own = eq(leads.agencyId, sql.placeholder('agency'));
    const at = sql.placeholder('at');
    return db
      .select()
      .from(leads)
      .where(
        and(
          division ? or(own, like(leads.regionCode, sql.placeholder('regions'))) : own,
          afterCursor
            ? or(
                sql`${leads.receivedAt} < ${at}`,
                and(sql`${leads.receivedAt} = ${at}`, sql`${leads.id} < ${sql.placeholder('id')}`),
              )
            : undefined,
        ),
      )
      .orderBy(desc(leads.receivedAt), desc(leads.id))
      .limit(sql.placeholder('limit'))
      .prepare(`hub_lead_page_${division ? 'division' : 'agency'}${afterCursor ? '_after' : ''}`);
  });

/** How much of a subject a viewer sees: everything, the ID number masked, or de-identified (names masked too). */
export type SubjectView = 'FULL' | 'MASKED_ID' | 'DEIDENTIFIED';
const LEAD_VIEW: Record<LeadAccess, SubjectView> = { OWNER: 'FULL', SUPERVISOR: 'MASKED_ID', ANALYST: 'DEIDENTIFIED' };

export interface SubjectPresented {
  lead: LeadRow;
  view: SubjectView | null;
}

/** The subject as this viewer may see it; its fields are cut to the view by `subjectField`. */
export function presentSubject(
  ctx: Context,
  lead: LeadRow,
  view: SubjectView | null = LEAD_VIEW[leadAccess(ctx.viewer, lead)!] ?? null,
): SubjectPresented {
  return { lead, view };
}

export const subjectName = ({ lead, view }: SubjectPresented) =>
  lead.subjectKind === 'PERSON' && view === 'DEIDENTIFIED' ? maskPersonName(lead.subjectName) : lead.subjectName;

/** The ID number in clear for the handling agencies (an audited read), masked for others; unsealed only when asked for. */
export function subjectIdNumber(ctx: Context, { lead, view }: SubjectPresented) {
  if (!lead.subjectIdNumberSealed) return null;
  const idNumber = ctx.sealer.open(lead.subjectIdNumberSealed);
  if (view !== 'FULL') return maskIdNumber(idNumber);
  ctx.audit.push({ action: 'ID_NUMBER_READ', targetType: 'Lead', targetId: lead.id });
  return idNumber;
}
