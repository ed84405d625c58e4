import type ExcelJS from 'exceljs';
import type { DigestAlgorithm } from '../../domain/crypto.ts';
import type { Cell, ReportContent, ReportSection } from '../../domain/reports.ts';
import { monthCharts, type RenderedChart } from './charts.ts';

/** The files superiors open: XLSX (a sheet per section) and CSV (UTF-8 with a BOM, so Excel reads the Chinese). */

export interface ReportMeta {
  revision: number;
  digest: string;
  digestAlgorithm: DigestAlgorithm;
  generatedAt: Date;
}

export const reportTitle = (content: ReportContent, meta: ReportMeta, kind = '月度报表') =>
  `${content.region.name}医保基金监管行刑衔接${kind}（${content.month.replace('-', '年')}月，第${meta.revision}版）`;

export const shanghai = (at: Date) =>
  new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

/** Each section's sheet by a short, whole name (the full title is the sheet's second line). */
const SHEET_NAMES: Record<string, string> = {
  leads_by_source: '线索来源',
  leads_by_behaviour: '骗保行为',
  cases_opened: '行政立案',
  procedure: '移送至审判各环节',
  judgments: '判决',
  amounts: '骗取、追回与退回金额',
  clocks: '法定期限执行',
  overdue: '逾期未办职责',
  notifications: '结果通知反馈',
  dual_listed: '双挂牌督办',
  penalty_instead_of_prosecution: '以罚代刑预警',
  administrative_penalties: '医保部门行政处理',
};

/** Excel's sheet names: at most 31 characters, none of []:*?/\; a section without a short name is cut at a word. */
const sheetName = (section: ReportSection, i: number) => {
  const name =
    SHEET_NAMES[section.key] ?? section.title.replace(/^[一二三四五六七八九十]+、/, '').split(/[（：，、(]/)[0];
  return `${i + 1} ${name}`.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
};

/** The first sheet: each chart of the month as a picture, its numbers in a table beneath. */
const CHART_SHEET = '0 本月图表';
const ROW_PIXELS = 20;

function chartSheet(workbook: ExcelJS.Workbook, content: ReportContent, meta: ReportMeta, charts: RenderedChart[]) {
  const sheet = workbook.addWorksheet(CHART_SHEET, {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.getColumn(1).width = 36;
  for (let c = 2; c <= 5; c++) sheet.getColumn(c).width = 16;
  sheet.addRow([reportTitle(content, meta)]).font = { bold: true, size: 13 };
  sheet.addRow([`本月图表　统计期间：${content.from} 至 ${content.to}　每幅图下为其数据，与同名分表一致`]);
  if (charts.length === 0) sheet.addRow(['（本月无）']);
  for (const chart of charts) {
    sheet.addRow([]);
    sheet.addRow([chart.spec.title, chart.section.title]).font = { bold: true };
    const top = sheet.rowCount;
    const image = workbook.addImage({ base64: chart.png.toString('base64'), extension: 'png' });
    sheet.addImage(image, { tl: { col: 0, row: top }, ext: { width: chart.width, height: chart.height } });
    for (let r = 0; r < Math.ceil(chart.height / ROW_PIXELS) + 1; r++) sheet.addRow([]);
    const header = sheet.addRow(['', ...chart.data.series.map((s) => s.name)]);
    header.font = { bold: true };
    chart.data.categories.forEach((category, i) => {
      sheet.addRow([category, ...chart.data.series.map((s) => s.values[i])]);
    });
  }
}

/**
 * The workbook in memory (exceljs's streaming writer cannot place pictures): the chart sheet first, then a sheet per
 * section. Strings inline rather than in a shared table, and the quickest deflate.
 */
export async function reportXlsx(content: ReportContent, meta: ReportMeta, charts?: RenderedChart[]): Promise<Buffer> {
  // exceljs is loaded when a workbook is made, not by every process that imports the reports.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'yibao-hub';
  workbook.created = meta.generatedAt;
  workbook.modified = meta.generatedAt;
  chartSheet(workbook, content, meta, charts ?? (await monthCharts(content)));
  content.sections.forEach((section, i) => {
    const sheet = workbook.addWorksheet(sheetName(section, i), {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
      // The title lines and the header row stay in view while scrolling.
      views: [{ state: 'frozen', ySplit: 3 }],
    });
    // Numbers as numbers: counts as they are, money from its exact decimal string (two decimals shown).
    section.columns.forEach((column, c) => {
      const col = sheet.getColumn(c + 1);
      col.width = column.kind === 'TEXT' ? 28 : 16;
      if (column.kind === 'MONEY') col.numFmt = '#,##0.00';
      if (column.kind === 'COUNT') col.numFmt = '0';
    });
    sheet.pageSetup.printTitlesRow = '3:3';
    sheet.addRow([reportTitle(content, meta)]).font = { bold: true, size: 13 };
    sheet.addRow([
      `${section.title}　统计期间：${content.from} 至 ${content.to}　生成：${shanghai(meta.generatedAt)}　${meta.digestAlgorithm}：${meta.digest}`,
    ]);
    const header = sheet.addRow(section.columns.map((c) => c.header));
    header.font = { bold: true };
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
      cell.border = { bottom: { style: 'thin' } };
    });
    const put = (values: Cell[], bold = false) => {
      const row = sheet.addRow(
        values.map((value, c) => {
          const kind = section.columns[c]?.kind;
          if (value !== null && (kind === 'COUNT' || kind === 'MONEY')) return Number(value);
          return value;
        }),
      );
      if (bold) row.font = { bold: true };
    };
    for (const values of section.rows) put(values);
    if (section.rows.length === 0) sheet.addRow(['（本月无）']);
    if (section.totals) put(section.totals, true);
  });
  const buffer = await workbook.xlsx.writeBuffer({
    useSharedStrings: false,
    useStyles: true,
    zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } },
  } as ExcelJS.XlsxWriteOptions);
  return Buffer.from(buffer);
}

const csvCell = (value: Cell) => {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** All sections in one file, one after the other: the section's title line, its header, rows and total, a blank line. */
export function reportCsv(content: ReportContent, meta: ReportMeta): Buffer {
  const lines = [
    csvCell(reportTitle(content, meta)),
    `统计期间,${content.from},${content.to},${meta.digestAlgorithm},${meta.digest}`,
    '',
  ];
  for (const section of content.sections) {
    lines.push(csvCell(section.title));
    lines.push(section.columns.map((c) => csvCell(c.header)).join(','));
    for (const row of section.rows) lines.push(row.map(csvCell).join(','));
    if (section.rows.length === 0) lines.push(csvCell('（本月无）'));
    if (section.totals) lines.push(section.totals.map(csvCell).join(','));
    lines.push('');
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}`, 'utf8');
}
