import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { FUNNEL_STAGES } from '../domain/statistics.ts';
import type { DemoUser } from './explorer.ts';

/**
 * The analysis workspace at /analytics, in Chinese, for analysts, supervisors and superior reviewers: charts of the
 * `statistics` API (Apache ECharts, served from the installed package: nothing is fetched from elsewhere), each with
 * its table and a CSV or XLSX download. It is a client of the public GraphQL API through the gateway, signed in with
 * the same token as the explorer (kept for the browser tab); small groups show as the API gives them (`<5`).
 */

const require = createRequire(import.meta.url);
/** The page's two libraries, from the installed packages: ECharts draws, exceljs writes a table's XLSX. */
const ASSETS: Record<string, string> = {
  'echarts.min.js': require.resolve('echarts/dist/echarts.min.js'),
  'exceljs.min.js': require.resolve('exceljs/dist/exceljs.min.js'),
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * Everything the workspace shows, in one request. One literal, not put together from pieces, so that the type of its
 * answer can be read off the schema (test/analytics.test.ts); the two clock tables share a fragment.
 */
export const ANALYTICS_QUERY = `query Analytics($region: String!, $from: String!, $to: String!) {
  statistics(region: $region, from: $from, to: $to) {
    leadsByMonth: counts(of: LEADS, groupBy: [MONTH]) { keys { value label } count { value display } }
    mattersByMonth: counts(of: MATTERS, groupBy: [MONTH]) { keys { value label } count { value display } }
    funnel { stage count { value display } conversion medianDays }
    behaviours: counts(of: LEADS, groupBy: [BEHAVIOUR]) { keys { value label } count { value display } suspected }
    sources: counts(of: LEADS, groupBy: [SOURCE]) { keys { value label } count { value display } }
    stages: counts(of: MATTERS, groupBy: [STAGE]) { keys { value label } count { value display } }
    counties: counts(of: MATTERS, groupBy: [REGION]) {
      keys { value label } count { value display } defrauded recovered returned
    }
    clocksByStep: clocks(groupBy: [STEP]) { ...ClockRow }
    clocksByAgency: clocks(groupBy: [AGENCY]) { ...ClockRow }
    notifications {
      agencyName delivered { value display } acknowledged { value display } unacknowledged { value display }
      late { value display }
    }
    penalties {
      regionName penalised { value display } notPenalised { value display } agreement { value display }
      fined orderedReturn finePaid returned
    }
    penaltyInstead: penaltyInsteadOfProsecution { regionCode regionName matters { value display } }
  }
}
fragment ClockRow on ClockStatRow {
  keys { value label } total { value display } met { value display } missed { value display } open { value display }
}`;

/** The charts, in the order shown: what each is called, and how its table and picture are drawn (in the page). */
const SECTIONS = [
  ['trend', '线索与案件月度趋势'],
  ['funnel', '线索至判决生效的转化漏斗'],
  ['behaviours', '骗保行为'],
  ['sources', '线索来源'],
  ['stages', '案件办理阶段'],
  ['counties', '各县（市、区）对比'],
  ['clocksByStep', '法定期限执行（按程序步骤）'],
  ['clocksByAgency', '法定期限执行（按承办机关）'],
  ['notifications', '结果通知送达与确认'],
  ['penalties', '行政处理与罚没、退回金额'],
  ['penaltyInstead', '以罚代刑预警：达到入罪标准、未移送即作行政处理的案件'],
] as const;

function page(demoUsers: DemoUser[]) {
  const users = demoUsers.map((u) => `<option value="${escapeHtml(u.id)}">${escapeHtml(u.label)}</option>`).join('');
  const sections = SECTIONS.map(
    ([id, title]) => `<section id="${id}" class="chart">
  <header><h2>${escapeHtml(title)}</h2><span><button type="button" data-csv="${id}">下载 CSV</button>
  <button type="button" data-xlsx="${id}">下载 XLSX</button></span></header>
  <div class="plot" role="img" aria-label="${escapeHtml(title)}"></div>
  <table></table>
</section>`,
  ).join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>医保骗保数据共享平台 · 统计分析</title>
<style>
body { margin: 0; font: 14px/1.5 system-ui, "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif; color: #1f2937; background: #f8fafc; }
form { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .6rem 1rem; background: #fff; border-bottom: 1px solid #e5e7eb; }
form input[name=token] { flex: 1; min-width: 14rem; font-family: monospace; }
h1 { font-size: 18px; margin: .8rem 1rem 0; }
#message { color: #b42318; margin: .4rem 1rem; min-height: 1.2em; }
#note { color: #6b7280; margin: .2rem 1rem 0; font-size: 12px; }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(620px, 1fr)); gap: 1rem; padding: 0 1rem 1rem; }
.chart { background: #fff; border: 1px solid #e5e7eb; border-radius: 6px; padding: .6rem .8rem; break-inside: avoid; }
.chart header { display: flex; justify-content: space-between; align-items: center; }
.chart h2 { font-size: 15px; margin: 0; }
.plot { height: 300px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid #eef0f3; padding: 2px 6px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f3f4f6; }
@media print {
  form, #message, button { display: none; }
  body { background: #fff; }
  main { display: block; }
  .chart { border: none; margin-bottom: 1rem; page-break-inside: avoid; }
}
</style>
</head>
<body>
<form id="filter" autocomplete="off">
  <label>令牌 <input name="token" placeholder="Bearer 令牌（粘贴）"></label>
  ${users ? `<select name="demo" aria-label="演示用户"><option value="">演示用户…</option>${users}</select>` : ''}
  <label>地区代码 <input name="region" size="7" pattern="\\d{6}" required list="regions"></label>
  <datalist id="regions"></datalist>
  <label>自 <input name="from" type="date" required></label>
  <label>至 <input name="to" type="date" required></label>
  <button type="submit">查询</button>
</form>
<h1 id="heading">统计分析</h1>
<p id="note">不足 5 件的分组在表中显示为 &lt;5（与统计接口一致，防止识别个人），图中按 0 绘制。</p>
<p id="message" role="alert"></p>
<main>
${sections}
</main>
<script src="/analytics/assets/echarts.min.js"></script>
<script>
const QUERY = ${scriptJson(ANALYTICS_QUERY)};
const FUNNEL = ${scriptJson(FUNNEL_STAGES.labels)};
const form = document.getElementById('filter');
const message = document.getElementById('message');
const charts = {};
const tables = {};
const shanghaiToday = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
form.token.value = sessionStorage.getItem('hub-token') || '';
form.from.value = shanghaiToday().slice(0, 4) + '-01-01';
form.to.value = shanghaiToday();

async function graphql(query, variables) {
  const token = form.token.value.trim().replace(/^Bearer\\s+/i, '');
  sessionStorage.setItem('hub-token', token);
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: 'Bearer ' + token }) },
    body: JSON.stringify({ query, variables }),
  });
  if (response.status === 401) throw new Error('令牌无效或已过期，请重新选择演示用户或粘贴令牌。');
  if (response.status === 429) throw new Error('请求过于频繁，请一分钟后再试。');
  const body = await response.json().catch(() => ({}));
  if (body.errors && body.errors.length) {
    const error = body.errors[0];
    const code = error.extensions && error.extensions.code;
    if (code === 'FORBIDDEN') throw new Error('您的岗位无权查看统计数据（需统计分析、医保部门负责人或上级审核岗位）。');
    if (code === 'BAD_USER_INPUT') throw new Error('查询条件有误：' + error.message);
    throw new Error('查询失败：' + error.message);
  }
  return body.data;
}

const value = (count) => (count && count.value != null ? count.value : 0);
const shown = (count) => (count ? count.display : '');
const money = (amount) => (amount == null ? '' : amount);
const label = (row, i = 0) => row.keys[i].label;

/** Each section: its table (header and rows, as shown) and its chart's options. */
const VIEWS = {
  trend(s) {
    const months = [...new Set([...s.leadsByMonth, ...s.mattersByMonth].map((r) => r.keys[0].value))].sort();
    const at = (rows, month) => rows.find((r) => r.keys[0].value === month);
    return {
      head: ['月份', '线索', '案件'],
      rows: months.map((m) => [m, shown(at(s.leadsByMonth, m)?.count) || '0', shown(at(s.mattersByMonth, m)?.count) || '0']),
      chart: {
        legend: {}, tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: months }, yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: '线索', type: 'line', data: months.map((m) => value(at(s.leadsByMonth, m)?.count)) },
          { name: '案件', type: 'line', data: months.map((m) => value(at(s.mattersByMonth, m)?.count)) },
        ],
      },
    };
  },
  funnel(s) {
    return {
      head: ['环节', '数量', '转化率', '中位天数'],
      rows: s.funnel.map((f) => [FUNNEL[f.stage], shown(f.count),
        f.conversion == null ? '' : (f.conversion * 100).toFixed(1) + '%', f.medianDays == null ? '' : String(f.medianDays)]),
      chart: {
        tooltip: {},
        series: [{ type: 'funnel', sort: 'none', minSize: '8%', label: { formatter: '{b}：{c}' },
          data: s.funnel.map((f) => ({ name: FUNNEL[f.stage], value: value(f.count) })) }],
      },
    };
  },
  behaviours: (s) => bars(s.behaviours, ['骗保行为', '线索', '涉嫌金额（元）'], (r) => [shown(r.count), money(r.suspected)]),
  sources: (s) => ({
    head: ['来源', '线索'],
    rows: s.sources.map((r) => [label(r), shown(r.count)]),
    chart: { tooltip: {}, series: [{ type: 'pie', radius: '65%', data: s.sources.map((r) => ({ name: label(r), value: value(r.count) })) }] },
  }),
  stages: (s) => bars(s.stages, ['办理阶段', '案件'], (r) => [shown(r.count)]),
  counties: (s) =>
    bars(s.counties, ['县（市、区）', '案件', '涉案金额（元）', '追回（元）', '退回基金（元）'], (r) => [
      shown(r.count), money(r.defrauded), money(r.recovered), money(r.returned),
    ]),
  clocksByStep: (s) => clocks(s.clocksByStep, '程序步骤'),
  clocksByAgency: (s) => clocks(s.clocksByAgency, '承办机关'),
  notifications(s) {
    const names = s.notifications.map((n) => n.agencyName);
    return {
      head: ['发出机关', '已送达', '已确认', '未确认', '逾期'],
      rows: s.notifications.map((n) => [n.agencyName, shown(n.delivered), shown(n.acknowledged), shown(n.unacknowledged), shown(n.late)]),
      chart: stacked(names, [['已确认', s.notifications.map((n) => value(n.acknowledged))],
        ['未确认', s.notifications.map((n) => value(n.unacknowledged))], ['逾期', s.notifications.map((n) => value(n.late))]]),
    };
  },
  penaltyInstead(s) {
    const names = s.penaltyInstead.map((r) => r.regionName);
    return {
      head: ['县（市、区）', '案件'],
      rows: s.penaltyInstead.map((r) => [r.regionName, shown(r.matters)]),
      chart: stacked(names, [['案件', s.penaltyInstead.map((r) => value(r.matters))]]),
    };
  },
  penalties(s) {
    const names = s.penalties.map((p) => p.regionName);
    return {
      head: ['县（市、区）', '行政处罚', '不予处罚', '协议处理', '罚款（元）', '责令退回（元）', '已缴罚款（元）', '已退回（元）'],
      rows: s.penalties.map((p) => [p.regionName, shown(p.penalised), shown(p.notPenalised), shown(p.agreement),
        money(p.fined), money(p.orderedReturn), money(p.finePaid), money(p.returned)]),
      chart: stacked(names, [['行政处罚', s.penalties.map((p) => value(p.penalised))],
        ['不予处罚', s.penalties.map((p) => value(p.notPenalised))], ['协议处理', s.penalties.map((p) => value(p.agreement))]]),
    };
  },
};

function bars(rows, head, cells) {
  const names = rows.map((r) => label(r));
  return {
    head,
    rows: rows.map((r) => [label(r), ...cells(r)]),
    chart: {
      tooltip: {}, grid: { left: 150 },
      xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: names, inverse: true },
      series: [{ type: 'bar', name: head[1], data: rows.map((r) => value(r.count)) }],
    },
  };
}

function clocks(rows, what) {
  return {
    head: [what, '共计', '按期', '超期', '在办'],
    rows: rows.map((r) => [label(r), shown(r.total), shown(r.met), shown(r.missed), shown(r.open)]),
    chart: stacked(rows.map((r) => label(r)), [['按期', rows.map((r) => value(r.met))],
      ['超期', rows.map((r) => value(r.missed))], ['在办', rows.map((r) => value(r.open))]]),
  };
}

function stacked(names, series) {
  return {
    legend: {}, tooltip: { trigger: 'axis' }, grid: { left: 150 },
    xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: names, inverse: true },
    series: series.map(([name, data]) => ({ name, type: 'bar', stack: 'all', data })),
  };
}

function drawTable(table, view) {
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  for (const h of view.head) head.append(Object.assign(document.createElement('th'), { textContent: h }));
  const body = table.createTBody();
  if (!view.rows.length) {
    const cell = body.insertRow().insertCell();
    cell.colSpan = view.head.length;
    cell.textContent = '（本期无）';
  }
  for (const row of view.rows) {
    const tr = body.insertRow();
    for (const cell of row) tr.insertCell().textContent = cell;
  }
}

async function load() {
  message.textContent = '';
  try {
    const variables = { region: form.region.value, from: form.from.value, to: form.to.value };
    const data = await graphql(QUERY, variables);
    const named = document.querySelector('#regions option[value="' + variables.region + '"]');
    document.getElementById('heading').textContent =
      '统计分析：' + (named ? named.label + '（' + variables.region + '）' : variables.region) +
      '　' + variables.from + ' 至 ' + variables.to;
    for (const section of document.querySelectorAll('section.chart')) {
      const view = VIEWS[section.id](data.statistics);
      tables[section.id] = view;
      drawTable(section.querySelector('table'), view);
      charts[section.id] = charts[section.id] || echarts.init(section.querySelector('.plot'), null, { renderer: 'svg' });
      charts[section.id].setOption({ animation: false, ...view.chart }, true);
    }
    document.body.dataset.loaded = 'yes';
  } catch (error) {
    message.textContent = error.message;
  }
}

/** The divisions with a bureau under one's own, offered by name in the region field; one's own is the default. */
async function regionsOf(division) {
  const data = await graphql('query($d: String!) { agencies(kind: MIB, within: $d) { region { code name } } }', {
    d: division,
  });
  const regions = new Map(data.agencies.map((a) => [a.region.code, a.region.name]));
  const list = document.getElementById('regions');
  list.replaceChildren(
    ...[...regions].sort().map(([code, name]) => Object.assign(document.createElement('option'), { value: code, label: name })),
  );
}

async function start() {
  if (!form.token.value) {
    message.textContent = '请先选择演示用户或粘贴令牌。';
    return;
  }
  try {
    const me = await graphql('{ me { name agency { name divisionCode } } }', {});
    if (!form.region.value) form.region.value = me.me.agency.divisionCode;
    await regionsOf(me.me.agency.divisionCode);
    await load();
  } catch (error) {
    message.textContent = error.message;
  }
}

form.addEventListener('submit', (event) => { event.preventDefault(); load(); });
const save = (blob, id, extension) => {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = id + '-' + form.region.value + '-' + form.from.value + '-' + form.to.value + '.' + extension;
  link.click();
};
/** exceljs is loaded the first time a table is downloaded as XLSX. */
let exceljs;
const loadExceljs = () =>
  (exceljs ??= new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src: '/analytics/assets/exceljs.min.js' });
    script.onload = () => resolve(globalThis.ExcelJS);
    script.onerror = () => reject(new Error('无法载入表格组件，请刷新页面后重试。'));
    document.head.append(script);
  }));
document.querySelector('main').addEventListener('click', async (event) => {
  const { csv, xlsx } = event.target.dataset || {};
  const id = csv || xlsx;
  if (!id || !tables[id]) return;
  const { head, rows } = tables[id];
  if (csv) {
    const cell = (text) => (/[",\\r\\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text);
    const lines = [head, ...rows].map((row) => row.map((c) => cell(String(c))).join(','));
    save(new Blob(['\\uFEFF' + lines.join('\\r\\n')], { type: 'text/csv;charset=utf-8' }), id, 'csv');
    return;
  }
  try {
    const ExcelJS = await loadExceljs();
    const workbook = new ExcelJS.Workbook();
    const title = document.querySelector('#' + id + ' h2').textContent;
    const sheet = workbook.addWorksheet(title.slice(0, 31).replace(/[*?:\\/\\\\[\\]]/g, ''));
    sheet.addRow([title + '　' + form.region.value + '　' + form.from.value + ' 至 ' + form.to.value]).font = { bold: true };
    sheet.addRow(head).font = { bold: true };
    sheet.addRows(rows);
    sheet.columns.forEach((column, i) => (column.width = i === 0 ? 28 : 14));
    const bytes = await workbook.xlsx.writeBuffer();
    save(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), id, 'xlsx');
  } catch (error) {
    message.textContent = error.message;
  }
});
const demo = form.demo;
if (demo) demo.addEventListener('change', async () => {
  if (!demo.value) return;
  const response = await fetch('/explorer/token?person=' + encodeURIComponent(demo.value)).catch(() => null);
  if (!response || !response.ok) {
    message.textContent = response && response.status === 429 ? '请求过于频繁，请一分钟后再试。' : '无法取得该演示用户的令牌。';
    return;
  }
  form.token.value = await response.text();
  form.region.value = '';
  start();
});
addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
start();
</script>
</body>
</html>
`;
}

/** GET /analytics and its assets: ECharts and exceljs. */
export function analyticsRoutes(options: { demoUsers?: DemoUser[] } = {}) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname !== '/analytics' && !url.pathname.startsWith('/analytics/')) return false;
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' });
      res.end();
      return true;
    }
    if (url.pathname === '/analytics') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        'content-security-policy':
          "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'",
      });
      res.end(page(options.demoUsers ?? []));
      return true;
    }
    const asset =
      url.pathname.startsWith('/analytics/assets/') && ASSETS[url.pathname.slice('/analytics/assets/'.length)];
    if (asset) {
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=86400',
      });
      res.end(readFileSync(asset));
      return true;
    }
    res.writeHead(404);
    res.end();
    return true;
  };
}
