import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Context, Services } from '../../auth/context.ts';
import { assertCan } from '../../auth/policy.ts';
import { type AuditActor, recordAudit } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { regions, reports } from '../../db/schema.ts';
import { cryptoSuite, digest } from '../../domain/crypto.ts';
import { isWithinDivision } from '../../domain/divisions.ts';
import { invalid, notFound } from '../../domain/errors.ts';
import {
  changesBetween,
  contentDigest,
  monthProblem,
  type ReportContent,
  regionProblem,
} from '../../domain/reports.ts';
import { shanghaiDay } from '../../domain/time.ts';
import { monthCharts } from './charts.ts';
import { buildMonthlyReport } from './content.ts';
import { reportPdf } from './pdf.ts';
import { reportCsv, reportXlsx } from './render.ts';

/** A revision without its files' bytes, which only a download reads (`reportFile`). */
const { xlsx: _xlsx, csv: _csv, pdf: _pdf, ...REPORT_FIELDS } = getTableColumns(reports);
export type ReportRow = Omit<typeof reports.$inferSelect, 'xlsx' | 'csv' | 'pdf'>;

/** How a report was asked for: by a person (checked against their division) or by the scheduled job. */
export type Requester = { viewer: NonNullable<Context['viewer']> } | { job: true };

/** The checks every way in shares: a real month already ended, a region that exists and that the caller oversees. */
export async function checkReportScope(db: Db, requester: Requester, region: string, month: string, now = new Date()) {
  const monthIssue = monthProblem(month, shanghaiDay(now));
  if (monthIssue) throw invalid('month', monthIssue);
  const regionIssue = regionProblem(region);
  if (regionIssue) throw invalid('region', regionIssue);
  const [row] = await db.select().from(regions).where(eq(regions.code, region));
  if (!row) throw invalid('region', `${region} is not a GB/T 2260 division`);
  if ('viewer' in requester && !isWithinDivision(region, requester.viewer.agency.divisionCode))
    throw invalid(
      'region',
      `${region} is outside ${requester.viewer.agency.name}'s division ${requester.viewer.agency.divisionCode}`,
    );
  return { code: row.code, name: row.name };
}

/**
 * Generates the report of `region` for `month` from the live data and freezes it: the first revision, or a new one
 * when the data changed since (a correction), or the latest one unchanged. Each new revision's digest goes into the
 * audit chain and each of its files is signed; no revision is ever changed.
 */
export async function freezeReport(
  db: Db,
  { settings, signer }: Pick<Services, 'settings' | 'signer'>,
  requester: Requester,
  regionCode: string,
  month: string,
  { now = new Date(), onlyFirst = false }: { now?: Date; onlyFirst?: boolean } = {},
): Promise<{ report: ReportRow; created: boolean }> {
  const region = await checkReportScope(db, requester, regionCode, month, now);
  const content = await buildMonthlyReport(db, settings, region, month);
  const digestAlgorithm = cryptoSuite().digest;
  const contentHash = contentDigest(content, digestAlgorithm);
  return db.transaction(async (tx) => {
    // One writer per region and month at a time, so two runs cannot both make revision n + 1.
    await tx.execute(sqlLock(`${regionCode}:${month}`));
    const [latest] = await tx
      .select(REPORT_FIELDS)
      .from(reports)
      .where(and(eq(reports.regionCode, regionCode), eq(reports.month, month)))
      .orderBy(desc(reports.revision))
      .limit(1);
    // Unchanged: the same content, under whichever digest the latest revision was frozen with.
    if (latest && (onlyFirst || latest.digest === contentDigest(content, latest.digestAlgorithm)))
      return { report: latest, created: false };
    const actor: AuditActor | null = 'viewer' in requester ? requester.viewer : null;
    const revision = (latest?.revision ?? 0) + 1;
    // The files are made once, with the revision: what a superior downloads is byte for byte what was hashed.
    const meta = { revision, digest: contentHash, digestAlgorithm, generatedAt: now };
    const charts = await monthCharts(content);
    const xlsx = await reportXlsx(content, meta, charts);
    const csv = reportCsv(content, meta);
    const pdf = await reportPdf(content, meta, charts);
    const files = {
      xlsx: digest(xlsx, digestAlgorithm),
      csv: digest(csv, digestAlgorithm),
      pdf: digest(pdf, digestAlgorithm),
    };
    const [report] = await tx
      .insert(reports)
      .values({
        regionCode,
        month,
        revision,
        content,
        digest: contentHash,
        digestAlgorithm,
        xlsx,
        xlsxDigest: files.xlsx,
        xlsxSignature: signer.sign(xlsx),
        csv,
        csvDigest: files.csv,
        csvSignature: signer.sign(csv),
        pdf,
        pdfDigest: files.pdf,
        pdfSignature: signer.sign(pdf),
        changes: latest ? changesBetween(latest.content as ReportContent, content) : [],
        generatedAt: now,
        generatedBy: 'viewer' in requester ? requester.viewer.personId : 'job',
      })
      .returning(REPORT_FIELDS);
    await recordAudit(tx, actor, [
      {
        action: 'REPORT_FROZEN',
        targetType: 'MonthlyReport',
        targetId: report.id,
        detail: { region: regionCode, month, revision: report.revision, digest: contentHash, digestAlgorithm, files },
      },
    ]);
    return { report, created: true };
  });
}

const sqlLock = (key: string) => sql`select pg_advisory_xact_lock(hashtext(${key}))`;

function readerOf(ctx: Context) {
  assertCan(ctx.viewer, 'report:read');
  return ctx.viewer;
}

export async function generateReport(ctx: Context, region: string, month: string) {
  const viewer = ctx.viewer;
  assertCan(viewer, 'report:generate');
  return (await freezeReport(ctx.db, ctx, { viewer }, region, month)).report;
}

/** Every revision of a region's report for a month, newest first. */
export async function reportRevisions(ctx: Context, region: string, month: string) {
  const viewer = readerOf(ctx);
  await checkReportScope(ctx.db, { viewer }, region, month);
  return ctx.db
    .select(REPORT_FIELDS)
    .from(reports)
    .where(and(eq(reports.regionCode, region), eq(reports.month, month)))
    .orderBy(desc(reports.revision));
}

/** One revision, if the caller oversees its region; null otherwise, as if it did not exist. */
export async function findReport(ctx: Pick<Context, 'db' | 'viewer'>, id: string) {
  const viewer = ctx.viewer;
  assertCan(viewer, 'report:read');
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const [row] = await ctx.db.select(REPORT_FIELDS).from(reports).where(eq(reports.id, id));
  if (!row || !isWithinDivision(row.regionCode, viewer.agency.divisionCode)) return null;
  return row;
}

export async function reportOrFail(ctx: Pick<Context, 'db' | 'viewer'>, id: string) {
  const row = await findReport(ctx, id);
  if (!row) throw notFound('report');
  return row;
}

/** The files a revision is delivered as, each with its digest and detached signature. */
export const REPORT_FORMATS = {
  xlsx: { bytes: reports.xlsx, digest: reports.xlsxDigest, signature: 'xlsxSignature' },
  csv: { bytes: reports.csv, digest: reports.csvDigest, signature: 'csvSignature' },
  pdf: { bytes: reports.pdf, digest: reports.pdfDigest, signature: 'pdfSignature' },
} as const;
export type ReportFormat = keyof typeof REPORT_FORMATS;

/** A revision's file as it was frozen, with its digest; null for a revision made before that file was frozen. */
export async function reportFile(ctx: Pick<Context, 'db' | 'viewer'>, id: string, format: ReportFormat) {
  await reportOrFail(ctx, id);
  const [file] = await ctx.db
    .select({
      bytes: REPORT_FORMATS[format].bytes,
      digest: REPORT_FORMATS[format].digest,
      digestAlgorithm: reports.digestAlgorithm,
    })
    .from(reports)
    .where(eq(reports.id, id));
  return file?.bytes && file.digest ? { ...file, bytes: file.bytes, digest: file.digest } : null;
}
