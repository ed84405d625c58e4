import type { Cell, ReportContent, ReportSection } from '../../domain/reports.ts';
import { FONT_FILES, monthCharts, type RenderedChart } from './charts.ts';
import { type ReportMeta, reportTitle, shanghai } from './render.ts';

/**
 * The printable 月度分析报告: A4, the month's charts first, then every section's table as the XLSX and CSV carry it.
 * Set with PDFKit in Noto Sans SC, which it embeds as a subset, so the text can be searched and copied.
 */

const A4_MARGIN = 50;
/**
 * Fonts named by their file: PDFKit keeps a font opened by a string under that string, and its tables put the font
 * back by the same string after each cell (a registered alias or a buffer would be parsed again, cell by cell).
 */
const REGULAR = FONT_FILES.regular;
const BOLD = FONT_FILES.bold;

/** Money with thousands separators, from its exact decimal string; counts as they are. */
const shown = (section: ReportSection, cell: Cell, c: number) => {
  if (cell === null) return '';
  if (section.columns[c]?.kind !== 'MONEY') return String(cell);
  const [whole, fraction] = String(cell).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
};

export async function reportPdf(content: ReportContent, meta: ReportMeta, charts?: RenderedChart[]): Promise<Buffer> {
  const drawn = charts ?? (await monthCharts(content));
  // PDFKit is loaded when a PDF is made, not by every process that imports the reports.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: A4_MARGIN,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: reportTitle(content, meta, '月度分析报告'),
      Creator: 'yibao-hub',
      CreationDate: meta.generatedAt,
      ModDate: meta.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * A4_MARGIN;
  const bottom = () => doc.page.height - A4_MARGIN;

  doc
    .font(BOLD)
    .fontSize(16)
    .text(reportTitle(content, meta, '月度分析报告'), { align: 'center' });
  doc.moveDown(0.5);
  doc
    .font(REGULAR)
    .fontSize(9)
    .fillColor('#444444')
    .text(`统计期间：${content.from} 至 ${content.to}　生成：${shanghai(meta.generatedAt)}（北京时间）`, {
      align: 'center',
    })
    .text(`${meta.digestAlgorithm}：${meta.digest}`, { align: 'center' })
    .fillColor('black');

  doc.moveDown(1).font(BOLD).fontSize(13).text('一、本月图表');
  if (drawn.length === 0) doc.font(REGULAR).fontSize(10).text('（本月无）');
  for (const chart of drawn) {
    // As wide as the page; a chart of many rows is shrunk to one page's height.
    const fullPage = doc.page.height - 2 * A4_MARGIN - 12;
    const height = Math.min((chart.height * width) / chart.width, fullPage);
    if (doc.y + height + 6 > bottom()) doc.addPage();
    doc.image(chart.png, A4_MARGIN, doc.y + 6, { fit: [width, height], align: 'center' });
    doc.y += height + 12;
  }

  doc.addPage().font(BOLD).fontSize(13).text('二、分项数据');
  for (const section of content.sections) {
    if (doc.y + 80 > bottom()) doc.addPage();
    doc.moveDown(0.6).font(BOLD).fontSize(11).text(section.title).moveDown(0.3);
    const rows = [...section.rows, ...(section.totals ? [section.totals] : [])];
    const numeric = section.columns.map((c) => c.kind !== 'TEXT');
    doc.font(REGULAR).fontSize(8);
    doc.table({
      columnStyles: section.columns.map((c) => (c.kind === 'TEXT' ? '*' : 70)),
      defaultStyle: { border: 0.5, borderColor: '#999999', padding: [2, 3, 2, 3] },
      data: [
        section.columns.map((c) => ({ text: c.header, font: { src: BOLD }, backgroundColor: '#e8eef4' })),
        ...(section.rows.length === 0 ? [[{ text: '（本月无）', colSpan: section.columns.length }]] : []),
        ...rows.map((row, r) =>
          row.map((cell, c) => ({
            text: shown(section, cell, c),
            align: { x: numeric[c] ? ('right' as const) : ('left' as const) },
            ...(section.totals && r === rows.length - 1 && { font: { src: BOLD } }),
          })),
        ),
      ],
    });
  }

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // The page number sits in the bottom margin, which PDFKit would otherwise take as the end of the page.
    doc.page.margins.bottom = 0;
    doc
      .font(REGULAR)
      .fontSize(8)
      .fillColor('#666666')
      .text(`第 ${i + 1} 页，共 ${pages.count} 页`, A4_MARGIN, doc.page.height - A4_MARGIN + 16, {
        width,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
