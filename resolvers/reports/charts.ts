import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as echarts from 'echarts';
import type { ReportContent, ReportSection } from '../../domain/reports.ts';

/**
 * The charts of a month, drawn from the report's own sections: ECharts renders each to SVG on the server, resvg
 * (WebAssembly, no native binary) rasterises it, pngjs writes it as an RGB PNG for the XLSX and the PDF, and the
 * Chinese is set in Noto Sans SC from the project's own install. A chart shows exactly its section's rows, so it
 * agrees with the CSV.
 */

export interface ChartSpec {
  /** The report section drawn. */
  section: string;
  title: string;
  /** The COUNT or MONEY columns shown, one series each; the categories are the TEXT columns before the first. */
  series: string[];
  stacked?: boolean;
  /** Bars along the x axis, for long category names (and for any chart of more than eight categories). */
  horizontal?: boolean;
}

export const MONTH_CHARTS: ChartSpec[] = [
  { section: 'leads_by_source', title: '线索来源', series: ['leads'] },
  { section: 'leads_by_behaviour', title: '骗保行为', series: ['leads'], horizontal: true },
  { section: 'procedure', title: '移送至审判各环节（件）', series: ['count'], horizontal: true },
  { section: 'clocks', title: '法定期限执行', series: ['met', 'missed', 'open'], stacked: true, horizontal: true },
  { section: 'notifications', title: '结果通知反馈', series: ['delivered', 'acknowledged', 'late'] },
  { section: 'amounts', title: '骗取、追回与退回金额（元）', series: ['defrauded', 'recovered', 'returned'] },
  {
    section: 'administrative_penalties',
    title: '医保部门行政处理',
    series: ['penalised', 'not_penalised', 'agreement'],
    stacked: true,
  },
];

/** A chart's numbers: one category per section row, in the section's order, and one series per shown column. */
export interface ChartData {
  categories: string[];
  series: { key: string; name: string; values: number[] }[];
}

export interface RenderedChart {
  spec: ChartSpec;
  section: ReportSection;
  data: ChartData;
  png: Buffer;
  /** The chart's size in CSS pixels; the PNG has twice as many. */
  width: number;
  height: number;
}

export function chartData(section: ReportSection, spec: ChartSpec): ChartData {
  const indexes = spec.series.map((key) => {
    const i = section.columns.findIndex((c) => c.key === key);
    if (i < 0) throw new Error(`chart ${spec.section}: the section has no column ${key}`);
    return i;
  });
  const labelColumns = section.columns.slice(0, Math.min(...indexes)).flatMap((c, i) => (c.kind === 'TEXT' ? [i] : []));
  return {
    categories: section.rows.map((row) => labelColumns.map((i) => String(row[i] ?? '')).join(' ')),
    series: indexes.map((i) => ({
      key: section.columns[i].key,
      name: section.columns[i].header.replace(/（元）$/, ''),
      values: section.rows.map((row) => Number(row[i] ?? 0)),
    })),
  };
}

const FONT_FAMILY = 'Noto Sans SC';
const require = createRequire(import.meta.url);

/** Noto Sans SC, regular and bold (SIL Open Font License), as TrueType files: PDFKit embeds the glyphs it uses. */
export const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};

let fonts: { regular: Buffer; bold: Buffer } | undefined;
export const reportFonts = () => {
  fonts ??= { regular: readFileSync(FONT_FILES.regular), bold: readFileSync(FONT_FILES.bold) };
  return fonts;
};

/**
 * ECharts, resvg and pngjs, loaded when the first chart is drawn: they take a second to load, which every process
 * that never draws one (the subgraphs but the shared one, the gateway, the tests) need not spend.
 */
let drawing:
  | Promise<{
      echarts: typeof echarts;
      Resvg: typeof import('@resvg/resvg-wasm').Resvg;
      PNG: typeof import('pngjs').PNG;
    }>
  | undefined;
const drawingTools = () => {
  drawing ??= (async () => {
    const [charts, resvg, { PNG }] = await Promise.all([
      import('echarts'),
      import('@resvg/resvg-wasm'),
      import('pngjs'),
    ]);
    await resvg.initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
    return { echarts: charts, Resvg: resvg.Resvg, PNG };
  })();
  return drawing;
};

const MANY_CATEGORIES = 8;
const across = (spec: ChartSpec, data: ChartData) => !!spec.horizontal || data.categories.length > MANY_CATEGORIES;

const chartOption = (spec: ChartSpec, data: ChartData): echarts.EChartsCoreOption => {
  const horizontal = across(spec, data);
  const categoryAxis = {
    type: 'category',
    data: data.categories,
    inverse: horizontal,
    axisLabel: { interval: 0, width: horizontal ? 190 : 110, overflow: 'break' },
  };
  const valueAxis = { type: 'value', minInterval: 1 };
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY },
    title: { text: spec.title, left: 'center', top: 4, textStyle: { fontSize: 15 } },
    legend: data.series.length > 1 ? { top: 36 } : undefined,
    grid: { left: 16, right: 40, top: data.series.length > 1 ? 72 : 48, bottom: 12, containLabel: true },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: data.series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.values,
      stack: spec.stacked ? 'all' : undefined,
      label: {
        show: true,
        position: spec.stacked ? 'inside' : horizontal ? 'right' : 'top',
        // A stacked zero has no bar to sit in.
        formatter: spec.stacked ? (p: { value: number }) => (p.value === 0 ? '' : String(p.value)) : undefined,
      },
    })),
  };
};

/**
 * The chart's RGBA pixels as RGB. resvg draws on an opaque white background, so every pixel is opaque and its alpha
 * is dropped as it is; pngjs's own conversion blends each pixel with a background in an object per pixel, which took
 * twice as long as the rest of the PNG's writing.
 */
function opaqueRgb(rgba: Uint8Array) {
  const rgb = Buffer.allocUnsafe((rgba.length / 4) * 3);
  for (let from = 0, to = 0; from < rgba.length; from += 4, to += 3) {
    rgb[to] = rgba[from];
    rgb[to + 1] = rgba[from + 1];
    rgb[to + 2] = rgba[from + 2];
  }
  return rgb;
}

/** The month's charts, one per chart spec whose section has rows; a month with none of a kind has no such chart. */
export async function monthCharts(content: ReportContent): Promise<RenderedChart[]> {
  const { echarts, Resvg, PNG } = await drawingTools();
  const { regular, bold } = reportFonts();
  const charts: RenderedChart[] = [];
  for (const spec of MONTH_CHARTS) {
    const section = content.sections.find((s) => s.key === spec.section);
    if (!section || section.rows.length === 0) continue;
    const data = chartData(section, spec);
    const width = 760;
    const height = across(spec, data) ? Math.max(280, 90 + data.categories.length * 30) : 340;
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
    chart.setOption(chartOption(spec, data));
    const svg = chart.renderToSVGString();
    chart.dispose();
    const renderer = new Resvg(svg, {
      font: { fontBuffers: [regular, bold], defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
      fitTo: { mode: 'zoom', value: 2 },
      background: '#ffffff',
    });
    const image = renderer.render();
    // Without the alpha channel, which PDFKit would otherwise separate pixel by pixel in JavaScript. Every row with
    // the Paeth filter: as small as trying all five filters on each row (pngjs's default), and a third faster.
    const png = PNG.sync.write(
      Object.assign(new PNG({ width: image.width, height: image.height }), { data: opaqueRgb(image.pixels) }),
      { inputColorType: 2, colorType: 2, filterType: 4 },
    );
    image.free();
    renderer.free();
    charts.push({ spec, section, data, png, width, height });
  }
  return charts;
}
