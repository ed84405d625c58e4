import type { ReportChange, ReportColumn, ReportContent, ReportSection } from '../../domain/reports.ts';
import { type ReportJob, reportJobs } from '../../resolvers/reports/jobs.ts';
import { findReport, generateReport, type ReportRow, reportRevisions } from '../../resolvers/reports/monthly.ts';
import { guardFields, guardType, type HubBuilder } from '../builder.ts';
import { allowed, guardedByParent } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

/**
 * Monthly reports to superior departments (J 四(三)), frozen revision by revision; the same data as the files at
 * GET /reports/<id>.xlsx and .csv, and the printable analysis with its charts at .pdf.
 */
export function addMonthlyReport(builder: HubBuilder, _refs: SharedRefs) {
  const Column = builder.objectRef<ReportColumn>('ReportColumn').implement({
    fields: (t) => ({
      key: t.exposeString('key'),
      header: t.exposeString('header'),
      kind: t.exposeString('kind', { description: 'TEXT, COUNT (a whole number) or MONEY (yuan, two decimals).' }),
    }),
  });
  const cells = (row: (string | number | null)[]) => row.map((c) => (c === null ? null : String(c)));
  const SectionRow = builder.objectRef<(string | null)[]>('ReportSectionRow').implement({
    fields: (t) => ({
      cells: t.stringList({
        nullable: { list: false, items: true },
        description: 'The row as text, in the order of the section’s columns; null for an empty cell.',
        resolve: (row) => row,
      }),
    }),
  });
  const Section = builder.objectRef<ReportSection>('ReportSection').implement({
    fields: (t) => ({
      key: t.exposeString('key'),
      title: t.exposeString('title'),
      columns: t.field({ type: [Column], resolve: (s) => s.columns }),
      rows: t.field({ type: [SectionRow], resolve: (s) => s.rows.map(cells) }),
      totals: t.stringList({
        nullable: { list: true, items: true },
        resolve: (s) => (s.totals ? cells(s.totals) : null),
      }),
    }),
  });
  const Change = builder.objectRef<ReportChange>('ReportChange').implement({
    fields: (t) => ({
      section: t.exposeString('section'),
      row: t.exposeString('row'),
      column: t.exposeString('column'),
      before: t.exposeString('before', { nullable: true }),
      after: t.exposeString('after', { nullable: true }),
    }),
  });
  const Report = builder.objectRef<ReportRow>('MonthlyReport').implement({
    description: 'One frozen revision of a region’s monthly report. A correction makes a new revision; none changes.',
    fields: (t) => ({
      id: t.exposeID('id'),
      region: t.exposeString('regionCode'),
      regionName: t.string({ resolve: (r) => (r.content as ReportContent).region.name }),
      month: t.exposeString('month'),
      revision: t.exposeInt('revision'),
      digest: t.exposeString('digest', { description: 'Of the content’s canonical JSON; also in the audit chain.' }),
      digestAlgorithm: t.exposeString('digestAlgorithm', {
        description: 'SHA-256 or SM3 (HUB_CRYPTO when the revision was frozen): of the content and of each file.',
      }),
      xlsxDigest: t.exposeString('xlsxDigest', {
        nullable: true,
        description: 'Of the XLSX file as delivered at xlsxPath; also in the audit chain.',
      }),
      csvDigest: t.exposeString('csvDigest', {
        nullable: true,
        description: 'Of the CSV file as delivered at csvPath; also in the audit chain.',
      }),
      pdfDigest: t.exposeString('pdfDigest', {
        nullable: true,
        description:
          'Of the PDF file (月度分析报告, with the month’s charts) as delivered at pdfPath; null before 0018.',
      }),
      xlsxSignaturePath: t.string({
        nullable: true,
        description: 'The XLSX file’s detached signature (Ed25519 or SM2), for `npm run verify`; null before 0017.',
        resolve: (r) => (r.xlsxSignature ? `/reports/${r.id}.xlsx.sig` : null),
      }),
      csvSignaturePath: t.string({
        nullable: true,
        description: 'The CSV file’s detached signature, as xlsxSignaturePath.',
        resolve: (r) => (r.csvSignature ? `/reports/${r.id}.csv.sig` : null),
      }),
      pdfSignaturePath: t.string({
        nullable: true,
        description: 'The PDF file’s detached signature, as xlsxSignaturePath; null before 0018.',
        resolve: (r) => (r.pdfSignature ? `/reports/${r.id}.pdf.sig` : null),
      }),
      sha256: t.string({
        nullable: true,
        deprecationReason: 'Use digest and digestAlgorithm: under HUB_CRYPTO=GM reports are hashed with SM3.',
        resolve: (r) => (r.digestAlgorithm === 'SHA-256' ? r.digest : null),
      }),
      xlsxSha256: t.string({
        nullable: true,
        deprecationReason: 'Use xlsxDigest and digestAlgorithm.',
        resolve: (r) => (r.digestAlgorithm === 'SHA-256' ? r.xlsxDigest : null),
      }),
      csvSha256: t.string({
        nullable: true,
        deprecationReason: 'Use csvDigest and digestAlgorithm.',
        resolve: (r) => (r.digestAlgorithm === 'SHA-256' ? r.csvDigest : null),
      }),
      generatedAt: t.expose('generatedAt', { type: 'DateTime' }),
      generatedBy: t.exposeString('generatedBy'),
      sections: t.field({ type: [Section], resolve: (r) => (r.content as ReportContent).sections }),
      changes: t.field({
        type: [Change],
        description: 'What changed from the previous revision, cell by cell (empty for revision 1).',
        resolve: (r) => r.changes as ReportChange[],
      }),
      xlsxPath: t.string({ resolve: (r) => `/reports/${r.id}.xlsx` }),
      csvPath: t.string({ resolve: (r) => `/reports/${r.id}.csv` }),
      pdfPath: t.string({
        description: 'The printable 月度分析报告 (A4): the month’s charts, then every section’s table.',
        resolve: (r) => `/reports/${r.id}.pdf`,
      }),
    }),
  });
  const Job = builder.objectRef<ReportJob>('ReportJob').implement({
    description: 'A scheduled monthly-report job: its state in the queue (created, retry, active, completed, failed).',
    fields: (t) => ({
      id: t.exposeID('id'),
      region: t.exposeString('region'),
      month: t.exposeString('month'),
      state: t.exposeString('state'),
      retries: t.exposeInt('retries'),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
      completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
      reportId: t.exposeID('reportId', { nullable: true }),
    }),
  });
  for (const type of [
    'ReportColumn',
    'ReportSectionRow',
    'ReportSection',
    'ReportChange',
    'MonthlyReport',
    'ReportJob',
  ])
    guardType(builder, type, guardedByParent);
  builder.queryFields((t) => ({
    monthlyReports: t.field({
      type: [Report],
      description: 'Every revision of a region’s report for a month, newest first.',
      args: { region: t.arg.string({ required: true }), month: t.arg.string({ required: true }) },
      resolve: (_r, args, ctx) => reportRevisions(ctx, args.region, args.month),
    }),
    monthlyReport: t.field({
      type: Report,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, args, ctx) => findReport(ctx, args.id),
    }),
    reportJobs: t.field({
      type: [Job],
      description: 'The scheduled report jobs of the regions under `region`, newest first.',
      args: { region: t.arg.string({ required: true }) },
      resolve: (_r, args, ctx) => reportJobs(ctx, args.region),
    }),
  }));
  builder.mutationField('generateMonthlyReport', (t) =>
    t.field({
      type: Report,
      description:
        'Generates the report of a month already ended from the live data and freezes it: revision 1, or a new revision when the data changed since, or the latest unchanged.',
      args: { region: t.arg.string({ required: true }), month: t.arg.string({ required: true }) },
      resolve: (_r, args, ctx) => generateReport(ctx, args.region, args.month),
    }),
  );
  guardFields(builder, 'Query', {
    monthlyReports: allowed('report:read'),
    monthlyReport: allowed('report:read'),
    reportJobs: allowed('report:read'),
  });
  guardFields(builder, 'Mutation', { generateMonthlyReport: allowed('report:generate') });
}
