import { and, asc, desc, eq, inArray, isNotNull, like, lt, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { batched, type Context, type Viewer } from '../auth/context.ts';
import { assertCan, can, matterAccess } from '../auth/policy.ts';
import { anyOf } from '../db/any-of.ts';
import { recordAudit } from '../db/audit.ts';
import type { Db } from '../db/client.ts';
import {
  agencies,
  exposures,
  exposureVersions,
  leads,
  matters,
  penaltyDecisions,
  regions,
  people as registry,
  steps,
} from '../db/schema.ts';
import {
  BEHAVIOURS,
  CHARGES,
  EXPOSURE_KINDS,
  EXPOSURE_PARTS,
  type ExposureKind,
  type ExposurePart,
  VERDICTS,
} from '../domain/codes.ts';
import { canonicalJson } from '../domain/crypto.ts';
import { divisionPrefix } from '../domain/divisions.ts';
import { invalid, notFound, wrongState } from '../domain/errors.ts';
import { maskPersonName } from '../domain/mask.ts';
import { PERSONAL_DATA_KINDS, personalDataIn } from '../domain/personal-data.ts';
import { fromCents, pageSize, parseInput, toCents, zId, zText } from '../domain/validate.ts';
import { describePenalty } from './procedure/penalties.ts';
import { penaltyBalance } from './steps/a3-penalty-enforcement.ts';
import { matterAmounts } from './steps/amounts.ts';
import { judgmentRecord } from './steps/judgment.ts';
import { indictmentRecord } from './steps/prosecution.ts';
import { prosecutionOpinionRecord } from './steps/send-for-prosecution.ts';
import { filingDecisionRecord } from './steps/t09-filing-decision.ts';
import { reconsiderationRecord } from './steps/t13-reconsideration-decision.ts';

/**
 * Exposure entries (曝光, J 五(三)) and typical cases (典型案例, G §26): drafted from a matter by the agency handling
 * it, decided by its head (the bureau's principal head; a procuratorate's or court's prosecutors or judges), then
 * published. A correction is a new version that goes through the same decision; a retraction replaces the entry by a
 * notice. Published versions are never changed (a trigger refuses it too).
 */

export type ExposureRow = typeof exposures.$inferSelect;
export type ExposureVersionRow = typeof exposureVersions.$inferSelect;

const uuid = z.uuid();
const publicText = (max: number) => zText(max).nullish();

const include = z
  .array(EXPOSURE_PARTS.schema)
  .nullish()
  .describe('What of the matter’s record to publish; all it has when not given. The identity is never a choice.');

export const draftExposureInput = z.object({
  matterId: zId,
  kind: EXPOSURE_KINDS.schema,
  title: publicText(200).describe('The headline; by default the region, the subject and the behaviour.'),
  include,
  summary: publicText(2000).describe('A short commentary of the publishing agency: never who anyone is.'),
});

export const correctExposureInput = z.object({
  title: publicText(200),
  include,
  summary: publicText(2000),
  correctionNote: zText(2000).min(1, 'must say what the correction changes and why'),
});

export const retractExposureInput = z.object({ notice: zText(2000).min(1, 'must give the retraction notice') });

/** The names of the people a matter involves: none of them may appear in full in anything published. */
async function peopleOf(db: Db, matter: typeof matters.$inferSelect) {
  const [lead] = await db.select().from(leads).where(eq(leads.id, matter.leadId));
  const named = await db
    .select({ action: steps.action, detail: steps.detail })
    .from(steps)
    .where(
      and(eq(steps.matterId, matter.id), inArray(steps.action, ['sendForProsecution', 'prosecute', 'recordJudgment'])),
    );
  const people = named.flatMap(({ action, detail }) => {
    if (action === 'sendForProsecution') return prosecutionOpinionRecord.read(detail).suspects;
    if (action === 'prosecute') return indictmentRecord.read(detail).defendants;
    return judgmentRecord.read(detail).defendants.map((d) => d.name);
  });
  if (lead?.subjectKind === 'PERSON') people.push(lead.subjectName);
  if (lead?.informantName) people.push(lead.informantName);
  // The officers, prosecutors and judges who took the matter's steps.
  const officers = await db
    .selectDistinct({ name: registry.name })
    .from(steps)
    .innerJoin(registry, eq(registry.id, steps.personId))
    .where(eq(steps.matterId, matter.id));
  people.push(...officers.map((o) => o.name));
  return { lead, people };
}

/** Refuses public text that carries personal data, naming the field and the kind of data, never the data. */
function checkPublishable(texts: Record<string, string | null | undefined>, people: string[], kind: ExposureKind) {
  for (const [field, text] of Object.entries(texts)) {
    const found = text && personalDataIn(text, people, { institution: kind === 'INSTITUTION' });
    if (found)
      throw invalid(
        `input.${field}`,
        `would publish personal data (${PERSONAL_DATA_KINDS[found]}); the public sees individuals only as 张某某`,
      );
  }
}

/**
 * What the law lets the public see of a matter (J 五(三); G §26), from its own record: an institution or an individual
 * once a penalty decision (A1) or an effective judgment exists; a typical case once the matter is concluded. Police
 * results once filed, court results once effective. Refusals name the record that is missing.
 */
async function publishableRecord(
  db: Db,
  matter: typeof matters.$inferSelect,
  kind: ExposureKind,
  parts: ExposurePart[],
) {
  const rows = await db
    .select({ action: steps.action, detail: steps.detail })
    .from(steps)
    .where(eq(steps.matterId, matter.id))
    .orderBy(asc(steps.takenAt));
  const [penalty] = await db.select().from(penaltyDecisions).where(eq(penaltyDecisions.matterId, matter.id));
  const penalised = penalty?.outcome === 'PENALISED';
  const effective = rows.some((r) => r.action === 'recordJudgmentEffective');
  const lastJudgment = rows.filter((r) => r.action === 'recordJudgment').at(-1);
  const convicted =
    effective &&
    !!lastJudgment &&
    judgmentRecord.read(lastJudgment.detail).defendants.some((d) => d.verdict !== 'NOT_GUILTY');
  if (kind !== 'TYPICAL_CASE' && !penalised && !convicted) {
    throw wrongState(
      `an ${kind === 'PERSON' ? 'individual' : 'institution'} is exposed once dealt with: the matter needs a penalty decision (decidePenalty, A1) or an effective judgment of guilt (recordJudgmentEffective); it has neither`,
    );
  }
  const concluded =
    matter.stage === 'JUDGMENT_EFFECTIVE' ||
    matter.stage === 'ADMINISTRATIVELY_CLOSED' ||
    matter.administrativeStage === 'CLOSED';
  if (kind === 'TYPICAL_CASE' && !concluded) {
    throw wrongState(
      'a typical case is published from a concluded matter: an effective judgment, a closed administrative case (closeAdministrativeCase, A4) or the bureau’s follow-up after a back-transfer; this matter is still open',
    );
  }
  const { policeResult, courtResult } = resultsOf(rows);
  const [amounts] = await matterAmounts(db, [matter.id]);
  const returned = penalty ? (await penaltyBalance(db, matter.id)).returned : 0n;
  const has = (part: ExposurePart) => parts.includes(part);
  return {
    penalties: has('PENALTY') && penalty ? describePenalty(penalty) : '',
    amountRecovered: has('AMOUNT') ? fromCents(toCents(amounts.recovered) + returned) : '0.00',
    policeResult: has('POLICE_RESULT') ? policeResult : '',
    courtResult: has('COURT_RESULT') ? courtResult : '',
  };
}

/** What the police and the court did, with individuals redacted: police results once filed, court results once effective. */
function resultsOf(rows: { action: string; detail: unknown }[]) {
  const last = (action: string) => rows.filter((r) => r.action === action).at(-1);
  const decision = last('decideFiling');
  const filed =
    (!!decision && filingDecisionRecord.read(decision.detail).filed) ||
    !!last('fileAfterOrder') ||
    rows.some((r) => r.action === 'decideReconsideration' && !reconsiderationRecord.read(r.detail).upheld);
  const police = filed
    ? [
        '公安机关已立案侦查',
        last('sendForProsecution') && '公安机关已移送检察院审查起诉',
        last('withdrawCase') && '公安机关已撤销案件',
      ].filter(Boolean)
    : [];
  const judged = last('recordJudgment');
  const judgment = judged && judgmentRecord.read(judged.detail);
  const court =
    judgment && last('recordJudgmentEffective')
      ? [
          ...judgment.defendants.map((d) =>
            [
              `被告人${maskPersonName(d.name)}`,
              d.charges.map((c) => CHARGES.labels[c].replace(/（.*）$/, '')).join('、'),
              VERDICTS.labels[d.verdict],
              d.imprisonmentMonths
                ? `有期徒刑${d.imprisonmentMonths}个月${d.probationMonths ? `，缓刑${d.probationMonths}个月` : ''}`
                : '',
              d.fine ? `罚金${d.fine}元` : '',
            ]
              .filter(Boolean)
              .join('，'),
          ),
          '判决已生效',
        ]
      : [];
  return { policeResult: police.join('；'), courtResult: court.join('；') };
}

/** Drafts an entry from a matter the viewer's agency handles; individuals are redacted, institutions named. */
export async function draftExposure(ctx: Context, rawInput: unknown) {
  const viewer = ctx.viewer;
  assertCan(viewer, 'exposure:draft', 'exposure entries are drafted by the agencies handling a matter');
  const input = parseInput(draftExposureInput, rawInput);
  if (viewer.agency.kind !== 'MIB' && input.kind !== 'TYPICAL_CASE')
    throw invalid('input.kind', 'a procuratorate or court publishes typical cases (TYPICAL_CASE)');
  return ctx.db.transaction(async (tx) => {
    const [matter] = uuid.safeParse(input.matterId).success
      ? await tx.select().from(matters).where(eq(matters.id, input.matterId))
      : [];
    if (!matter || matterAccess(viewer, matter)?.role !== 'PARTY') throw notFound('matter');
    const { lead, people } = await peopleOf(tx, matter);
    if (input.kind === 'INSTITUTION' && lead.subjectKind !== 'INSTITUTION')
      throw invalid('input.kind', 'the matter is about a person, not an institution');
    if (input.kind === 'PERSON' && lead.subjectKind !== 'PERSON')
      throw invalid('input.kind', 'the matter is about an institution, not a person');
    checkPublishable({ title: input.title, summary: input.summary }, people, input.kind);
    const record = await publishableRecord(tx, matter, input.kind, input.include ?? EXPOSURE_PARTS.values);
    const subjectName = lead.subjectKind === 'PERSON' ? maskPersonName(lead.subjectName) : lead.subjectName;
    const [region] = await tx.select({ name: regions.name }).from(regions).where(eq(regions.code, matter.regionCode));
    const now = new Date();
    const [entry] = await tx
      .insert(exposures)
      .values({
        agencyId: viewer.agency.id,
        kind: input.kind,
        regionCode: matter.regionCode,
        matterId: matter.id,
        createdBy: viewer.personId,
        createdAt: now,
      })
      .returning();
    await tx.insert(exposureVersions).values({
      exposureId: entry.id,
      number: 1,
      status: 'DRAFT',
      title: input.title ?? `${region?.name ?? ''}${subjectName}${BEHAVIOURS.labels[lead.behaviours[0]]}`,
      subjectName,
      creditCode: lead.subjectKind === 'INSTITUTION' ? lead.subjectCreditCode : null,
      behaviours: input.include && !input.include.includes('BEHAVIOURS') ? [] : lead.behaviours,
      summary: input.summary ?? '',
      ...record,
      draftedBy: viewer.personId,
      draftedAt: now,
    });
    await recordAudit(tx, viewer, [
      { action: 'EXPOSURE_DRAFTED', targetType: 'Exposure', targetId: entry.id, detail: { version: 1 } },
    ]);
    return entry;
  });
}

/** The entry and its newest version, locked, for a change by the publishing agency. */
async function lockedEntry(tx: Db, viewer: Viewer, id: string) {
  const [entry] = uuid.safeParse(id).success
    ? await tx.select().from(exposures).where(eq(exposures.id, id)).for('update')
    : [];
  if (!entry || !can(viewer, 'exposure:manage', entry)) throw notFound('exposure');
  const [latest] = await tx
    .select()
    .from(exposureVersions)
    .where(eq(exposureVersions.exposureId, id))
    .orderBy(desc(exposureVersions.number))
    .limit(1);
  return { entry, latest };
}

export async function approveExposure(ctx: Context, id: string) {
  const viewer = ctx.viewer;
  if (!viewer) throw notFound('exposure');
  return ctx.db.transaction(async (tx) => {
    const { entry, latest } = await lockedEntry(tx, viewer, id);
    assertCan(
      viewer,
      'exposure:decide',
      entry,
      'publication is decided by the head of the publishing agency (主要负责人)',
    );
    if (entry.retractedAt) throw wrongState('the entry was retracted');
    if (latest.status !== 'DRAFT')
      throw wrongState(`version ${latest.number} is ${latest.status}, not a draft awaiting approval`);
    await tx
      .update(exposureVersions)
      .set({ status: 'APPROVED', approvedBy: viewer.personId, approvedAt: new Date() })
      .where(eq(exposureVersions.id, latest.id));
    await recordAudit(tx, viewer, [
      { action: 'EXPOSURE_APPROVED', targetType: 'Exposure', targetId: id, detail: { version: latest.number } },
    ]);
    return entry;
  });
}

export async function publishExposure(ctx: Context, id: string) {
  const viewer = ctx.viewer;
  if (!viewer) throw notFound('exposure');
  return ctx.db.transaction(async (tx) => {
    const { entry, latest } = await lockedEntry(tx, viewer, id);
    if (entry.retractedAt) throw wrongState('the entry was retracted');
    if (latest.status !== 'APPROVED')
      throw wrongState(`version ${latest.number} is ${latest.status}; only an approved version is published`);
    const now = new Date();
    const [publisher] = await tx.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, entry.agencyId));
    const signedContent = signedExposureContent(entry, { ...latest, publishedAt: now }, publisher?.name ?? '');
    await tx
      .update(exposureVersions)
      .set({ status: 'SUPERSEDED' })
      .where(and(eq(exposureVersions.exposureId, id), eq(exposureVersions.status, 'PUBLISHED')));
    await tx
      .update(exposureVersions)
      .set({ status: 'PUBLISHED', publishedAt: now, signedContent, signature: ctx.signer.sign(signedContent) })
      .where(eq(exposureVersions.id, latest.id));
    const [updated] = await tx
      .update(exposures)
      .set({ publishedAt: entry.publishedAt ?? now })
      .where(eq(exposures.id, id))
      .returning();
    await recordAudit(tx, viewer, [
      {
        action: latest.number === 1 ? 'EXPOSURE_PUBLISHED' : 'EXPOSURE_CORRECTED',
        targetType: 'Exposure',
        targetId: id,
        detail: { version: latest.number },
      },
    ]);
    return updated;
  });
}

/** A correction of a published entry: a new version drafted from the current one, approved and published again. */
export async function correctExposure(ctx: Context, id: string, rawInput: unknown) {
  const viewer = ctx.viewer;
  if (!viewer) throw notFound('exposure');
  const input = parseInput(correctExposureInput, rawInput);
  return ctx.db.transaction(async (tx) => {
    const { entry, latest } = await lockedEntry(tx, viewer, id);
    if (entry.retractedAt) throw wrongState('the entry was retracted');
    if (latest.status !== 'PUBLISHED')
      throw wrongState(`version ${latest.number} is ${latest.status}: only the published version is corrected`);
    const [matter] = await tx.select().from(matters).where(eq(matters.id, entry.matterId));
    const { lead, people } = await peopleOf(tx, matter);
    checkPublishable(
      { title: input.title, summary: input.summary, correctionNote: input.correctionNote },
      people,
      entry.kind,
    );
    const record = input.include
      ? {
          ...(await publishableRecord(tx, matter, entry.kind, input.include)),
          behaviours: input.include.includes('BEHAVIOURS') ? lead.behaviours : [],
        }
      : {};
    const { id: _id, status: _s, approvedBy: _ab, approvedAt: _aa, publishedAt: _pa, ...content } = latest;
    await tx.insert(exposureVersions).values({
      ...content,
      number: latest.number + 1,
      status: 'DRAFT',
      title: input.title ?? latest.title,
      ...record,
      summary: input.summary ?? latest.summary,
      correctionNote: input.correctionNote,
      draftedBy: viewer.personId,
      draftedAt: new Date(),
    });
    await recordAudit(tx, viewer, [
      { action: 'EXPOSURE_DRAFTED', targetType: 'Exposure', targetId: id, detail: { version: latest.number + 1 } },
    ]);
    return entry;
  });
}

export async function retractExposure(ctx: Context, id: string, rawInput: unknown) {
  const viewer = ctx.viewer;
  if (!viewer) throw notFound('exposure');
  const input = parseInput(retractExposureInput, rawInput);
  return ctx.db.transaction(async (tx) => {
    const { entry, latest } = await lockedEntry(tx, viewer, id);
    assertCan(
      viewer,
      'exposure:decide',
      entry,
      'a retraction is decided by the head of the publishing agency (主要负责人)',
    );
    if (!entry.publishedAt) throw wrongState('the entry was never published; leave the draft');
    if (entry.retractedAt) throw wrongState('the entry was already retracted');
    const [updated] = await tx
      .update(exposures)
      .set({ retractedAt: new Date(), retractedBy: viewer.personId, retractionNotice: input.notice })
      .where(eq(exposures.id, id))
      .returning();
    await recordAudit(tx, viewer, [
      { action: 'EXPOSURE_RETRACTED', targetType: 'Exposure', targetId: id, detail: { version: latest.number } },
    ]);
    return updated;
  });
}

/**
 * What a published version says to the public, as the hub signs it: the public fields, in canonical JSON (keys
 * sorted), so that anyone holding the text and its signature can check that the hub published exactly this.
 */
export function signedExposureContent(entry: ExposureRow, version: ExposureVersionRow, publisher: string) {
  return canonicalJson({
    exposure: entry.id,
    version: version.number,
    kind: entry.kind,
    regionCode: entry.regionCode,
    publisher,
    title: version.title,
    subjectName: version.subjectName,
    creditCode: version.creditCode,
    behaviours: version.behaviours,
    amountRecovered: version.amountRecovered,
    penalties: version.penalties,
    policeResult: version.policeResult,
    courtResult: version.courtResult,
    summary: version.summary,
    correctionNote: version.correctionNote,
    publishedAt: version.publishedAt?.toISOString() ?? null,
  });
}

/** What the public sees of an entry: its published version, its corrections, or its retraction notice. */
export interface PublishedExposure {
  entry: ExposureRow;
  current: ExposureVersionRow;
  corrections: ExposureVersionRow[];
  regionName: string;
  publisherName: string;
}

export const publicFilter = z.object({
  region: z
    .string()
    .regex(/^[1-8]\d{5}$/, 'is not a GB/T 2260 division code (six digits)')
    .nullish(),
  kind: EXPOSURE_KINDS.schema.nullish(),
  first: z.number().int().nullish(),
  after: z.string().max(200).nullish(),
});

/** Published entries, newest first by first publication, filtered by region (any level) and kind, paged by cursor. */
export async function listPublishedExposures(ctx: Pick<Context, 'db' | 'loaders'>, raw: unknown) {
  const filter = parseInput(publicFilter, raw, 'filter');
  const first = pageSize(filter.first, 20, 100);
  const where: (SQL | undefined)[] = [isNotNull(exposures.publishedAt)];
  if (filter.region) where.push(like(exposures.regionCode, `${divisionPrefix(filter.region)}%`));
  if (filter.kind) where.push(eq(exposures.kind, filter.kind as ExposureKind));
  if (filter.after) {
    const [at, id] = Buffer.from(filter.after, 'base64url').toString().split('|');
    if (!at || Number.isNaN(Date.parse(at)) || !uuid.safeParse(id).success)
      throw invalid('after', 'is not a cursor from this list');
    where.push(
      or(
        lt(exposures.publishedAt, new Date(at)),
        and(eq(exposures.publishedAt, new Date(at)), sql`${exposures.id} < ${id}`),
      ),
    );
  }
  const rows = await ctx.db
    .select({ entry: exposures, regionName: regions.name, publisherName: agencies.name })
    .from(exposures)
    .leftJoin(regions, eq(regions.code, exposures.regionCode))
    .leftJoin(agencies, eq(agencies.id, exposures.agencyId))
    .where(and(...where))
    .orderBy(desc(exposures.publishedAt), desc(exposures.id))
    .limit(first + 1);
  const page = rows.slice(0, first);
  const versions = page.length
    ? await ctx.db
        .select()
        .from(exposureVersions)
        .where(
          and(
            anyOf(
              exposureVersions.exposureId,
              page.map((r) => r.entry.id),
            ),
            isNotNull(exposureVersions.publishedAt),
          ),
        )
        .orderBy(asc(exposureVersions.number))
    : [];
  const items: PublishedExposure[] = page.map(({ entry, regionName, publisherName }) => {
    const published = versions.filter((v) => v.exposureId === entry.id);
    return {
      entry,
      current: published.at(-1)!,
      corrections: published.slice(1),
      regionName: regionName ?? '',
      publisherName: publisherName ?? '',
    };
  });
  const last = page.at(-1)?.entry;
  const nextCursor =
    rows.length > first && last
      ? Buffer.from(`${last.publishedAt!.toISOString()}|${last.id}`).toString('base64url')
      : null;
  return { items, nextCursor };
}

/** The moment an entry last changed for the public: published, corrected or retracted. */
export const lastChanged = (e: PublishedExposure) =>
  new Date(
    Math.max(e.entry.publishedAt!.getTime(), e.current.publishedAt!.getTime(), e.entry.retractedAt?.getTime() ?? 0),
  );

/** The viewer's agency's entries with every version, newest first: for its staff. */
export async function ownExposures(ctx: Context) {
  const viewer = ctx.viewer;
  if (!viewer || !can(viewer, 'exposure:listOwn')) return [];
  return ctx.db
    .select()
    .from(exposures)
    .where(eq(exposures.agencyId, viewer.agency.id))
    .orderBy(desc(exposures.createdAt))
    .limit(200);
}

/** An entry's versions, oldest first; batched per request. */
export const versionsOf = (ctx: Context, exposureId: string) =>
  batched<string, ExposureVersionRow[]>(ctx, 'exposureVersions', async (ids) => {
    const rows = await ctx.db
      .select()
      .from(exposureVersions)
      .where(anyOf(exposureVersions.exposureId, ids))
      .orderBy(asc(exposureVersions.number));
    return ids.map((id) => rows.filter((r) => r.exposureId === id));
  }).load(exposureId);
