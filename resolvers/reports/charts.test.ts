import { describe, expect, it } from 'vitest';
import type { ReportColumn, ReportContent, ReportSection } from '../../domain/reports.ts';
import { chartData, MONTH_CHARTS, monthCharts } from './charts.ts';
import { reportPdf } from './pdf.ts';

const col = (key: string, header: string, kind: ReportColumn['kind'] = 'TEXT'): ReportColumn => ({ key, header, kind });
const clocks = (rows: number): ReportSection => ({
  key: 'clocks',
  title: '七、法定期限执行',
  columns: [
    col('step', '程序步骤'),
    col('agency', '承办机关'),
    col('total', '期限数', 'COUNT'),
    col('met', '按期办结', 'COUNT'),
    col('missed', '超期', 'COUNT'),
    col('open', '在办未到期', 'COUNT'),
  ],
  rows: Array.from({ length: rows }, (_, i) => [`步骤${i}`, '公安机关', 6, 3, 2, 1]),
  totals: null,
});
const amounts: ReportSection = {
  key: 'amounts',
  title: '六、金额',
  columns: [
    col('region', '地区'),
    col('defrauded', '认定骗取金额（元）', 'MONEY'),
    col('recovered', '追回金额（元）', 'MONEY'),
    col('returned', '退回基金专户金额（元）', 'MONEY'),
  ],
  rows: [['南关区', '12345.67', '100.00', '0.00']],
  totals: null,
};
const content = (...sections: ReportSection[]): ReportContent => ({
  region: { code: '220000', name: '吉林省' },
  month: '2026-10',
  from: '2026-10-01',
  to: '2026-10-31',
  sections,
});
const meta = { revision: 1, digest: 'ab'.repeat(32), digestAlgorithm: 'SHA-256' as const, generatedAt: new Date() };
const pages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;

describe('the charts of a month', () => {
  it('name each row by the text columns before the numbers, and take each series from its column as a number', () => {
    const spec = MONTH_CHARTS.find((s) => s.section === 'clocks')!;
    expect(chartData(clocks(2), spec)).toEqual({
      categories: ['步骤0 公安机关', '步骤1 公安机关'],
      series: [
        { key: 'met', name: '按期办结', values: [3, 3] },
        { key: 'missed', name: '超期', values: [2, 2] },
        { key: 'open', name: '在办未到期', values: [1, 1] },
      ],
    });
    const money = chartData(amounts, MONTH_CHARTS.find((s) => s.section === 'amounts')!);
    expect(money.series.map((s) => [s.name, s.values[0]])).toEqual([
      ['认定骗取金额', 12345.67],
      ['追回金额', 100],
      ['退回基金专户金额', 0],
    ]);
  });

  it('draw nothing for a section without rows, and a tall chart for many rows', async () => {
    expect(await monthCharts(content({ ...clocks(0) }))).toEqual([]);
    const [few] = await monthCharts(content(clocks(3)));
    const [many] = await monthCharts(content(clocks(80)));
    expect([few.width, few.height]).toEqual([760, 280]);
    expect(many.height).toBe(90 + 80 * 30);
    // Twice the size in pixels, an RGB PNG (colour type 2: no alpha channel for PDFKit to split).
    expect(many.png.readUInt32BE(16)).toBe(1520);
    expect(many.png[25]).toBe(2);
  });

  it('fit a chart of many rows on one A4 page of the PDF', async () => {
    const drawn = await monthCharts(content(clocks(80)));
    const withoutTable = await reportPdf(content(), meta, drawn);
    // The title, the chart shrunk to a page of its own (not spread over two), and the sections' page.
    expect(pages(withoutTable)).toBe(3);
    const [small] = await monthCharts(content(clocks(3)));
    expect(pages(await reportPdf(content(), meta, [small]))).toBe(2);
  });
});
