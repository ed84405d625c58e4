import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf as rowsOfDb } from '../db/rows.ts';
import { auditEvents, reports } from '../db/schema.ts';
import { cryptoSuite, type DigestAlgorithm, digest, parseSignature, verifySignature } from '../domain/crypto.ts';
import { contentDigest, type ReportContent } from '../domain/reports.ts';
import { shanghaiDay } from '../domain/time.ts';
import { MONTH_CHARTS } from '../resolvers/reports/charts.ts';
import { startJobs } from '../resolvers/reports/jobs.ts';
import { SCREENSHOTS } from './browser.ts';
import { graphql, type ResultOf } from './graphql.ts';
import { reportLead } from './leads.fixtures.ts';
import { MIB, ok, openMatter, POLICE, TRANSFER_ATTACHMENTS, transferredMatter } from './procedure.ts';
import { startWorld, type World } from './world.ts';

const JOB = 'superior-220000-reporting-job';
const run = promisify(execFile);
/** Everything seeded is moved 35 days back, into a month that has ended whatever day the suite runs. */
const SHIFT_DAYS = 35;
const MONTH = shanghaiDay(new Date(Date.now() - SHIFT_DAYS * 86_400_000)).slice(0, 7);

const GENERATE = graphql(`mutation($r: String!, $m: String!) { generateMonthlyReport(region: $r, month: $m) {
  id revision digest digestAlgorithm xlsxDigest csvDigest pdfDigest generatedBy xlsxPath csvPath pdfPath
  xlsxSignaturePath csvSignaturePath pdfSignaturePath
  sections { key title columns { header kind } rows { cells } totals }
  changes { section row column before after }
} }`);
type Report = ResultOf<typeof GENERATE>['generateMonthlyReport'];
const REPORT_JOBS = graphql(`{ reportJobs(region: "220000") { region month state reportId } }`);

/** Debian's poppler-utils (pdftoppm, pdftotext, pdfinfo, pdffonts) read the PDF; .ci/run installs them. */
const poppler = !!process.env.CI || existsSync('/usr/bin/pdftoppm');

const xlsxOf = async (bytes: Buffer) => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as never);
  return workbook;
};

/** The CSV's sections by title: each a title line, a header, rows, a total, a blank line. */
function csvSections(text: string) {
  const split = (line: string) => line.split(',');
  const sections = new Map<string, { header: string[]; rows: string[][] }>();
  const blocks = text
    .replace(/^\uFEFF/, '')
    .split('\r\n\r\n')
    .slice(1);
  for (const block of blocks) {
    const [title, header, ...rest] = block.split('\r\n').filter(Boolean);
    if (!header) continue;
    const rows = rest.map(split).filter((r) => r[0] !== '合计' && r[0] !== '（本月无）');
    sections.set(title, { header: split(header), rows });
  }
  return sections;
}

/** The chart sheet's blocks: a title row (chart, section), the picture's rows, a header of series, a row per category. */
function chartBlocks(sheet: ExcelJS.Worksheet) {
  const blocks: { section: string; series: string[]; rows: { category: string; values: number[] }[] }[] = [];
  sheet.eachRow((row, r) => {
    if (r <= 2) return;
    const values = (row.values as unknown[]).slice(1);
    const current = blocks.at(-1);
    if (typeof values[1] === 'string' && /^[一二三四五六七八九十]+、/.test(values[1])) {
      blocks.push({ section: values[1], series: [], rows: [] });
    } else if (current && !current.series.length && typeof values[1] === 'string') {
      current.series = values.slice(1) as string[];
    } else if (current?.series.length && typeof values[1] === 'number') {
      current.rows.push({ category: String(values[0]), values: values.slice(1) as number[] });
    }
  });
  return blocks;
}

/**
 * Monthly reports from seeded matters (6 transferred and accepted, one with a refused transfer above the province's
 * threshold, leads of another source), checked section by section against hand-written SQL, in the formats superiors
 * open, frozen and revised, and made by the scheduled job. A database of this file's own.
 */
describe('monthly reports', () => {
  let world: World;
  const rows = async <T = Record<string, unknown>>(query: SQL): Promise<T[]> => {
    return rowsOfDb<T>(world.db, query);
  };
  const generate = (person = JOB, region = '220000', month = MONTH) =>
    world.as(person, GENERATE, { r: region, m: month });
  const sectionOf = (report: Report, key: string) => report.sections.find((s) => s.key === key)!;
  const download = async (path: string, person = JOB) =>
    fetch(`${world.hub.url.replace(/\/graphql$/, '')}${path}`, {
      headers: { authorization: `Bearer ${await world.token(person)}` },
    });
  const shiftBack = async () => {
    const days = sql.raw(`interval '${SHIFT_DAYS} days'`);
    await world.db.execute(
      sql`update mib.leads set received_at = received_at - ${days}, created_at = created_at - ${days}`,
    );
    await world.db.execute(
      sql`update shared.matters set created_at = created_at - ${days}, updated_at = updated_at - ${days}`,
    );
    await world.db.execute(sql`update shared.steps set taken_at = taken_at - ${days}, due_at = due_at - ${days}`);
    await world.db.execute(
      sql`update shared.clocks set started_at = started_at - ${days}, due_at = due_at - ${days}, closed_at = closed_at - ${days}`,
    );
    await world.db.execute(sql`update shared.outcome_notifications set created_at = created_at - ${days}`);
    await world.db.execute(
      sql`update shared.penalty_decisions set decided_at = decided_at - ${days}, served_at = served_at - ${days}`,
    );
    await world.db.execute(sql`update shared.penalty_enforcements set taken_at = taken_at - ${days}`);
  };
  const monthStart = () => sql`${new Date(`${MONTH}-01T00:00:00+08:00`).toISOString()}::timestamptz`;

  beforeAll(async () => {
    world = await startWorld('in-process', { ownDatabase: true });
    for (let i = 0; i < 6; i++) {
      const matter = await transferredMatter(world);
      await ok(world, POLICE.officer, 'acceptTransfer', matter.id, {});
    }
    // Above the demo province's threshold (5,000 yuan), and the head refuses the transfer: 以罚代刑 to look at.
    const refused = await openMatter(world);
    await ok(world, MIB.officer, 'submitTransferReport', refused.id, {
      officerIds: [MIB.officer, MIB.officer2],
      report: '经核实，金额较大。',
    });
    await ok(world, MIB.head, 'decideTransfer', refused.id, { approved: false, reasons: '情节轻微，作行政处理。' });
    // The bureau's own decisions: a penalty paid in part and its money back in the fund, never transferred (以罚代刑
    // to look at); no penalty; a penalty and then a transfer (not 以罚代刑).
    const penalty = {
      outcome: 'PENALISED',
      article: 'REGULATION_41',
      lossAmount: '12345.67',
      orderedReturn: '12345.67',
      fineMultiple: '2',
      settlementSuspensionMonths: 3,
      reasons: '冒用他人医保凭证购药',
    };
    const penalised = await openMatter(world);
    await ok(world, MIB.head, 'decidePenalty', penalised.id, penalty);
    await ok(world, MIB.officer, 'servePenaltyDecision', penalised.id, { means: 'DIRECT', recipient: '张某某' });
    await ok(world, MIB.officer, 'recordPenaltyEnforcement', penalised.id, { kind: 'FINE_PAID', amount: '20000.00' });
    await ok(world, MIB.officer, 'recordPenaltyEnforcement', penalised.id, {
      kind: 'RETURNED_TO_FUND',
      amount: '12345.67',
    });
    const notPenalised = await openMatter(world);
    await ok(world, MIB.head, 'decidePenalty', notPenalised.id, { outcome: 'NOT_PENALISED', reasons: '证据不足' });
    const penalisedThenTransferred = await openMatter(world);
    await ok(world, MIB.head, 'decidePenalty', penalisedThenTransferred.id, { ...penalty, fineMultiple: '2.5' });
    await ok(world, MIB.officer, 'submitTransferReport', penalisedThenTransferred.id, {
      officerIds: [MIB.officer, MIB.officer2],
      report: '行政处罚后发现涉嫌犯罪。',
    });
    await ok(world, MIB.head, 'decideTransfer', penalisedThenTransferred.id, { approved: true });
    await ok(world, MIB.officer, 'transferToPolice', penalisedThenTransferred.id, {
      attachments: [...TRANSFER_ATTACHMENTS, { kind: 'PENALTY_DECISION', title: '行政处罚决定书（副本）' }],
    });
    const other = await world.as(MIB.officer, `mutation($input: LeadInput!) { createLead(input: $input) { id } }`, {
      input: reportLead({ source: 'FLIGHT_INSPECTION', informant: undefined, suspectedAmount: '800.00' }),
    });
    expect(other.errors).toBeUndefined();
    await shiftBack();
  }, 180_000);
  afterAll(() => world?.stop());

  let first: Report;

  it('freezes revision 1 with every section equal to hand-written SQL', async () => {
    const r = await generate();
    expect(r.errors).toBeUndefined();
    first = r.data!.generateMonthlyReport;
    expect(first).toMatchObject({ revision: 1, generatedBy: JOB, changes: [] });
    const bySource = await rows<{ source: string; n: number; s: string }>(
      sql`select source, count(*)::int as n, sum(suspected_amount)::numeric(20,2)::text as s from mib.leads
          where region_code like '22%' and received_at >= ${monthStart()} group by source order by source`,
    );
    const sources = sectionOf(first, 'leads_by_source');
    expect(sources.rows.map((r) => [Number(r.cells[1]), r.cells[2]])).toEqual(bySource.map((b) => [b.n, b.s]));
    expect(Number(sources.totals![1])).toBe(bySource.reduce((n, b) => n + b.n, 0));
    const [cases] = await rows<{ n: number }>(
      sql`select count(*)::int as n from shared.matters where region_code like '22%' and created_at >= ${monthStart()}`,
    );
    expect(Number(sectionOf(first, 'cases_opened').totals![1])).toBe(cases.n);
    const procedure = sectionOf(first, 'procedure');
    const count = async (action: string) =>
      (await rows<{ n: number }>(sql`select count(*)::int as n from shared.steps where action = ${action}`))[0].n;
    const line = (label: string) => Number(procedure.rows.find((r) => r.cells[0] === label)?.cells[1]);
    expect(line('移送公安机关')).toBe(await count('transferToPolice'));
    expect(line('公安机关接受移送')).toBe(await count('acceptTransfer'));
    expect(line('移送公安机关')).toBe(7);
    const [notified] = await rows<{ n: number }>(sql`select count(*)::int as n from shared.outcome_notifications`);
    expect(Number(sectionOf(first, 'notifications').totals![1])).toBe(notified.n);
    const clocks = await rows<{ n: number }>(
      sql`select count(*)::int as n from shared.clocks where not optional and started_at >= ${monthStart()}`,
    );
    expect(Number(sectionOf(first, 'clocks').totals![2])).toBe(clocks[0].n);
    // Every duty is met, missed or open: a step without a time limit, once done, is met.
    for (const row of sectionOf(first, 'clocks').rows) {
      const [total, met, missed, open] = row.cells.slice(2).map(Number);
      expect(met + missed + open, row.cells[0] ?? '').toBe(total);
    }
    const byBehaviour = await rows<{ b: string; n: number }>(
      sql`select b, count(*)::int as n from mib.leads, unnest(behaviours) as b
          where region_code like '22%' and received_at >= ${monthStart()} group by b order by b`,
    );
    expect(sectionOf(first, 'leads_by_behaviour').rows.map((r) => Number(r.cells[1]))).toEqual(
      byBehaviour.map((b) => b.n),
    );
    const monthEnd = sql`${new Date(Date.parse(`${MONTH}-01T00:00:00+08:00`) + 32 * 86_400_000).toISOString().slice(0, 7)}`;
    const [overdue] = await rows<{ n: number }>(
      sql`select count(*)::int as n from shared.clocks c where not c.optional
          and c.due_at < (${monthEnd} || '-01T00:00:00+08:00')::timestamptz
          and (c.closed_at is null or c.closed_at >= (${monthEnd} || '-01T00:00:00+08:00')::timestamptz)`,
    );
    expect(sectionOf(first, 'overdue').rows).toHaveLength(overdue.n);
    const [judged] = await rows<{ n: number }>(
      sql`select count(*)::int as n from shared.steps where action = 'recordJudgment'`,
    );
    expect(Number(sectionOf(first, 'judgments').totals![1])).toBe(judged.n);
    const [money] = await rows<{ n: number }>(
      sql`select count(*)::int as n from shared.steps where code in ('SEND_FOR_PROSECUTION', 'PROCEEDS', 'RETURN_TO_FUND')`,
    );
    expect(sectionOf(first, 'amounts').rows).toHaveLength(money.n);
    const [dual] = await rows<{ n: number }>(
      sql`select count(*)::int as n from shared.matters where dual_listed_at is not null`,
    );
    expect(sectionOf(first, 'dual_listed').rows).toHaveLength(dual.n);
    const instead = sectionOf(first, 'penalty_instead_of_prosecution');
    expect(instead.rows.map((r) => r.cells.slice(3)).sort()).toEqual([
      ['12345.67', '5000.00', '已作出行政处罚决定'],
      ['12345.67', '5000.00', '负责人不批准移送'],
    ]);
    // The same rule answers the statistics (resolvers/statistics.ts), counted by county under disclosure control.
    const [year, month] = MONTH.split('-').map(Number);
    const lastDay = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    const indicator = await world.as(
      JOB,
      `query($r: String!, $f: String!, $t: String!) { statistics(region: $r, from: $f, to: $t) {
        penaltyInsteadOfProsecution { regionCode regionName matters { value display } } } }`,
      { r: '220000', f: `${MONTH}-01`, t: lastDay },
    );
    expect(indicator.data.statistics.penaltyInsteadOfProsecution).toEqual([
      { regionCode: '220102', regionName: '南关区', matters: { value: null, display: '<5' } },
    ]);
    const [decided] = await rows<Record<string, string | number>>(
      sql`select count(*) filter (where outcome = 'PENALISED')::int as penalised,
            count(*) filter (where outcome = 'NOT_PENALISED')::int as not_penalised,
            count(*) filter (where outcome = 'AGREEMENT')::int as agreement,
            sum(fine)::numeric(20,2)::text as fined, sum(ordered_return)::numeric(20,2)::text as ordered
          from shared.penalty_decisions where decided_at >= ${monthStart()}`,
    );
    const [enforced] = await rows<Record<string, string>>(
      sql`select sum(amount) filter (where kind = 'FINE_PAID')::numeric(20,2)::text as paid,
            sum(amount) filter (where kind = 'RETURNED_TO_FUND')::numeric(20,2)::text as returned
          from shared.penalty_enforcements where taken_at >= ${monthStart()}`,
    );
    // 24,691.34 and 30,864.18: twice and two and a half times 12,345.67.
    expect(decided).toEqual({ penalised: 2, not_penalised: 1, agreement: 0, fined: '55555.52', ordered: '24691.34' });
    expect(sectionOf(first, 'administrative_penalties').totals!.slice(1)).toEqual([
      String(decided.penalised),
      String(decided.not_penalised),
      String(decided.agreement),
      decided.fined,
      decided.ordered,
      enforced.paid,
      enforced.returned,
    ]);
  });

  it('equals the analysts’ statistics for the same region and month', async () => {
    const from = `${MONTH}-01`;
    const last = new Date(Date.UTC(Number(MONTH.slice(0, 4)), Number(MONTH.slice(5)), 0)).toISOString().slice(0, 10);
    const stats = await world.as(
      'superior-220000-reviewer',
      graphql(`query($f: String!, $t: String!) { statistics(region: "220000", from: $f, to: $t) {
         counts(of: LEADS, groupBy: [SOURCE]) { keys { label } count { value } suspected } } }`),
      { f: from, t: last },
    );
    const shown = stats.data!.statistics.counts.filter((c) => c.count.value !== null);
    for (const c of shown) {
      const row = sectionOf(first, 'leads_by_source').rows.find((r) => r.cells[0] === c.keys[0].label)!;
      expect([Number(row.cells[1]), row.cells[2]]).toEqual([c.count.value, c.suspected]);
    }
    expect(shown.length).toBeGreaterThan(0);
    // The bureau's three decisions are too few for an analyst: "<5" and no amounts, where the report counts them.
    const penalties = await world.as(
      'superior-220000-reviewer',
      `query($f: String!, $t: String!) { statistics(region: "220000", from: $f, to: $t) {
         penalties { regionCode penalised { value display } notPenalised { display } fined finePaid } } }`,
      { f: from, t: last },
    );
    expect(penalties.errors).toBeUndefined();
    expect(penalties.data.statistics.penalties).toEqual([
      {
        regionCode: '220102',
        penalised: { value: null, display: '<5' },
        notPenalised: { display: '<5' },
        fined: null,
        finePaid: null,
      },
    ]);
    expect(sectionOf(first, 'administrative_penalties').rows).toHaveLength(1);
  });

  it('serves the XLSX superiors open: the month’s charts first, then a sheet per section, numbers as numbers', async () => {
    const response = await download(first.xlsxPath);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = await xlsxOf(Buffer.from(await response.arrayBuffer()));
    expect(workbook.worksheets).toHaveLength(first.sections.length + 1);
    // Short, whole sheet names, numbered as the sections are; the full title is inside the sheet.
    const names = workbook.worksheets.map((w) => w.name);
    expect(names[0]).toBe('0 本月图表');
    expect(names).toContain('11 以罚代刑预警');
    expect(names).toContain('12 医保部门行政处理');
    for (const name of names) expect(name).toMatch(/^\d{1,2} [^（(：]+$/);
    const sheet = workbook.worksheets[1];
    expect(sheet.getRow(3).values).toEqual([undefined, '线索来源', '线索数', '涉嫌金额（元）']);
    expect(typeof sheet.getRow(4).getCell(2).value).toBe('number');
    expect(sheet.getRow(4).getCell(3).numFmt).toBe('#,##0.00');
    const total = sheet.getRow(sheet.rowCount);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(2).value).toBe(Number(sectionOf(first, 'leads_by_source').totals![1]));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9 });
  });

  it('draws each chart of the month in the XLSX’s first sheet, its numbers those of the CSV', async () => {
    const workbook = await xlsxOf(Buffer.from(await (await download(first.xlsxPath)).arrayBuffer()));
    const charts = chartBlocks(workbook.worksheets[0]);
    const csv = csvSections(Buffer.from(await (await download(first.csvPath)).arrayBuffer()).toString('utf8'));
    // Every section with rows that has a chart is drawn: leads by source and behaviour, the procedure, clocks,
    // notifications, amounts and the bureau's decisions.
    expect(charts.map((c) => c.section)).toEqual(
      MONTH_CHARTS.map((spec) => sectionOf(first, spec.section))
        .filter((section) => section.rows.length > 0)
        .map((section) => section.title),
    );
    expect(charts.length).toBeGreaterThanOrEqual(5);
    // One picture per chart, a PNG as wide as the chart's table.
    const images = workbook.worksheets[0].getImages();
    expect(images).toHaveLength(charts.length);
    for (const image of images) {
      const media = workbook.getImage(Number(image.imageId));
      expect(media.extension).toBe('png');
      expect(
        Buffer.from(media.buffer as ArrayBuffer)
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    const picture = workbook.getImage(Number(images[0].imageId)).buffer as ArrayBuffer;
    writeFileSync(new URL('report-xlsx-chart.png', SCREENSHOTS).pathname, Buffer.from(picture));
    for (const chart of charts) {
      const section = csv.get(chart.section)!;
      expect(section, chart.section).toBeDefined();
      // The chart's categories are the section's rows, in order; each series is one of its columns, value for value.
      expect(chart.rows.length).toBe(section.rows.length);
      chart.series.forEach((name, s) => {
        const column = section.header.findIndex((h) => h.replace(/（元）$/, '') === name);
        expect(column, `${chart.section}: ${name}`).toBeGreaterThan(0);
        expect(chart.rows.map((r) => r.values[s])).toEqual(section.rows.map((r) => Number(r[column])));
      });
      // Each category names its row by the section's text columns before the numbers.
      const columns = first.sections.find((x) => x.title === chart.section)!.columns;
      const labels = columns.flatMap((c, i) =>
        c.kind === 'TEXT' && i < columns.findIndex((x) => x.kind !== 'TEXT') ? [i] : [],
      );
      expect(chart.rows.map((r) => r.category)).toEqual(
        section.rows.map((r) => labels.map((i: number) => r[i]).join(' ')),
      );
    }
  });

  it.skipIf(!poppler)(
    'serves the printable 月度分析报告 as an A4 PDF: charts, then every section’s rows as the XLSX has them',
    async () => {
      const response = await download(first.pdfPath);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const dir = mkdtempSync(join(tmpdir(), 'hub-report-pdf-'));
      const file = join(dir, 'report.pdf');
      writeFileSync(file, bytes);
      // A4 in points, pages numbered, and the Chinese text extracted as Chinese (the font is embedded with its map).
      const info = (await run('pdfinfo', [file])).stdout;
      expect(info).toMatch(/Page size:\s+595(\.\d+)? x 841(\.\d+)? pts \(A4\)/);
      const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
      expect(pages).toBeGreaterThanOrEqual(2);
      const fonts = (await run('pdffonts', [file])).stdout;
      expect(fonts).toMatch(/NotoSansSC-Regular/);
      expect(fonts).not.toMatch(/ no /); // every font embedded
      // -raw: in the order the page draws it, cell by cell, so a header wrapped inside its cell stays whole.
      const text = (await run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'])).stdout;
      expect(text).toContain('吉林省医保基金监管行刑衔接月度分析报告');
      expect(text).toContain(`第 1 页，共 ${pages} 页`);
      const flat = text.replace(/[\s,]/g, '');
      const workbook = await xlsxOf(Buffer.from(await (await download(first.xlsxPath)).arrayBuffer()));
      let checked = 0;
      for (const sheet of workbook.worksheets.slice(1)) {
        const title = String(sheet.getRow(2).getCell(1).value).split('　')[0];
        let at = flat.indexOf(title.replace(/\s/g, ''));
        expect(at, title).toBeGreaterThanOrEqual(0);
        // Row after row, cell after cell, in the XLSX's order; money as its two decimals.
        for (let r = 3; r <= sheet.rowCount; r++) {
          sheet.getRow(r).eachCell((cell) => {
            const value = cell.value;
            const shown = typeof value === 'number' && cell.numFmt === '#,##0.00' ? value.toFixed(2) : String(value);
            const next = flat.indexOf(shown.replace(/[\s,]/g, ''), at);
            expect(next, `${sheet.name} row ${r}: ${shown}`).toBeGreaterThanOrEqual(0);
            at = next;
            checked++;
          });
        }
      }
      expect(checked).toBeGreaterThan(50);
      // Rendered as a person sees it: every page to PNG.
      await run('pdftoppm', ['-png', '-r', '60', file, join(dir, 'page')]);
      const rendered = readdirSync(dir).filter((f) => f.endsWith('.png'));
      expect(rendered).toHaveLength(pages);
      // The first page, with the charts, as the README shows it.
      mkdirSync(SCREENSHOTS, { recursive: true });
      const picture = new URL('report-pdf', SCREENSHOTS).pathname;
      await run('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, picture]);
    },
  );

  it('serves the CSV as UTF-8 with a BOM, and refuses an unknown format naming it', async () => {
    const response = await download(first.csvPath);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('一、线索来源');
    expect(text).toContain('线索来源,线索数,涉嫌金额（元）');
    // Every row the XLSX has, the empty sections' （本月无） included.
    const empty = first.sections.filter((section) => section.rows.length === 0).length;
    expect(empty).toBeGreaterThan(0);
    expect(text.split('（本月无）').length - 1).toBe(empty);
    const docx = await download(first.xlsxPath.replace('.xlsx', '.docx'));
    expect(docx.status).toBe(400);
    expect(await docx.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'format' });
    expect((await download(first.csvPath, MIB.officer)).status).toBe(403);
    // The refusal is in the audit chain, as a refused field is.
    const [denied] = await rows<{ actor_id: string; detail: { path: string; code: string } }>(
      sql`select actor_id, detail from audit.events where action = 'ACCESS_DENIED' order by seq desc limit 1`,
    );
    expect(denied).toMatchObject({ actor_id: MIB.officer, detail: { path: first.csvPath, code: 'FORBIDDEN' } });
  });

  it('makes a correction a new revision: revision 1 is unchanged, its hash verifies, and the change is listed', async () => {
    const same = await generate();
    expect(same.data?.generateMonthlyReport).toMatchObject({ id: first.id, revision: 1 });
    const late = await world.as(MIB.officer, `mutation($input: LeadInput!) { createLead(input: $input) { id } }`, {
      input: reportLead({ source: 'FLIGHT_INSPECTION', informant: undefined, suspectedAmount: '200.00' }),
    });
    await world.db.execute(
      sql`update mib.leads set received_at = received_at - ${sql.raw(`interval '${SHIFT_DAYS} days'`)} where id = ${late.data.createLead.id}`,
    );
    const second = (await generate()).data!.generateMonthlyReport;
    expect(second.revision).toBe(2);
    expect(second.changes).toContainEqual({
      section: 'leads_by_source',
      row: '飞行检查',
      column: 'leads',
      before: '1',
      after: '2',
    });
    const [stored] = await world.db.select().from(reports).where(eq(reports.id, first.id));
    expect(first.digestAlgorithm).toBe(cryptoSuite().digest);
    expect(stored.digest).toBe(first.digest);
    expect(contentDigest(stored.content as ReportContent, first.digestAlgorithm as DigestAlgorithm)).toBe(first.digest);
    const [frozen] = await world.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'REPORT_FROZEN'), eq(auditEvents.targetId, first.id)));
    const frozenDetail = frozen.detail as { digest: string; files: Record<string, string> };
    expect(frozenDetail.digest).toBe(first.digest);
    // Each delivered file's hash is published and in the audit chain, and the downloads are those very bytes.
    expect(frozenDetail.files).toEqual({
      xlsx: first.xlsxDigest,
      csv: first.csvDigest,
      pdf: first.pdfDigest,
    });
    // Each file is signed with the suite's algorithm, verifiable with the key the hub publishes.
    const keys = await (await fetch(`${world.hub.url.replace(/\/graphql$/, '')}/keys/signing.json`)).json();
    for (const [path, published, signaturePath] of [
      [first.xlsxPath, first.xlsxDigest, first.xlsxSignaturePath],
      [first.csvPath, first.csvDigest, first.csvSignaturePath],
      [first.pdfPath, first.pdfDigest, first.pdfSignaturePath],
    ] as [string, string, string][]) {
      const response = await download(path);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(digest(bytes, first.digestAlgorithm as DigestAlgorithm), path).toBe(published);
      expect(response.headers.get('x-file-digest')).toBe(`${first.digestAlgorithm}=${published}`);
      expect(signaturePath).toBe(`${path}.sig`);
      const signature = parseSignature(await (await download(signaturePath)).text())!;
      expect(signature.algorithm).toBe(cryptoSuite().signature);
      const key = keys.keys.find((k: { keyId: string }) => k.keyId === signature.keyId);
      expect(verifySignature(bytes, signature, key.pem)).toBe(true);
      const tampered = Buffer.from(bytes);
      tampered[tampered.length >> 1] ^= 1;
      expect(verifySignature(tampered, signature, key.pem)).toBe(false);
    }
    await expect(world.db.execute(sql`update shared.reports set month = month`)).rejects.toThrow();
  });

  it('refuses a month not yet ended and a region outside the caller’s division, naming each', async () => {
    const future = await generate(JOB, '220000', shanghaiDay(new Date()).slice(0, 7));
    expect(future.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
    const bad = await generate(JOB, '220000', '2026-13');
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
    const outside = await generate(JOB, '110000');
    expect(outside.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'region' });
    const officer = await generate(MIB.officer, '220102');
    expect(officer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('is made by the scheduled job in the queue, one job per region, its state visible to the superior', async () => {
    const jobs = await startJobs(world.database, world.hub.services, (e) => {
      throw e;
    });
    try {
      const queued = await jobs.monthEnd(shanghaiDay(new Date()), true);
      expect(queued).toBeGreaterThanOrEqual(6);
      const deadline = Date.now() + 60_000;
      let states: ResultOf<typeof REPORT_JOBS>['reportJobs'] = [];
      while (Date.now() < deadline) {
        const r = await world.as('superior-220000-reviewer', REPORT_JOBS);
        expect(r.errors).toBeUndefined();
        states = r.data!.reportJobs;
        if (states.length >= queued && states.every((s) => s.state === 'completed')) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(states.every((s) => s.state === 'completed')).toBe(true);
      // 南关 had no report for the month yet: the job froze its revision 1.
      const county = states.find((s) => s.region === '220102')!;
      const [made] = await world.db.select().from(reports).where(eq(reports.id, county.reportId!));
      expect(made).toMatchObject({ generatedBy: 'job', revision: 1, month: county.month });
    } finally {
      await jobs.stop();
    }
  }, 90_000);

  it('is fetched by `npm run report` with the service account’s token, with a progress line', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hub-report-'));
    const { stdout, stderr } = await run(
      process.execPath,
      ['scripts/report.ts', '--month', MONTH, '--region', '220000', '--out', out, '--url', world.hub.url],
      { env: { ...process.env, HUB_REPORT_TOKEN: await world.token(JOB) } },
    );
    expect(stderr).toMatch(/\[1\/5\] freezing the report of 220000/);
    const files = stdout.trim().split('\n');
    const xlsx = join(out, `220000-${MONTH}-r2.xlsx`);
    const csv = join(out, `220000-${MONTH}-r2.csv`);
    const pdf = join(out, `220000-${MONTH}-r2.pdf`);
    expect(files).toEqual([xlsx, `${xlsx}.sig`, csv, `${csv}.sig`, pdf, `${pdf}.sig`]);
    expect(readFileSync(csv, 'utf8').charCodeAt(0)).toBe(0xfeff);
    // What a superior then runs on what it received, with the key the hub publishes.
    const keys = join(out, 'keys.json');
    writeFileSync(keys, await (await fetch(`${world.hub.url.replace(/\/graphql$/, '')}/keys/signing.json`)).text());
    const verified = await run(process.execPath, ['scripts/verify.ts', csv, `${csv}.sig`, '--key', keys]);
    expect(verified.stdout).toMatch(new RegExp(`^OK: .*\\(${cryptoSuite().signature}\\)`));
  }, 60_000);
});
