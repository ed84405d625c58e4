import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYTICS_QUERY } from '../server/analytics.ts';
import { chromiumPath, launchChromium, loopbackOnly, SCREENSHOTS } from './browser.ts';
import { graphql } from './graphql.ts';
import { onPostgres } from './passes.ts';
import { ok, openMatter, POLICE, penalise, transferredMatter } from './procedure.ts';
import { startWorld, type World } from './world.ts';

/**
 * The analysis workspace as the people in front of the screens use it: headless Chromium at 1366×768, signed in as
 * a province analyst, a city bureau's head and a superior reviewer; every chart drawn, its table and its picture
 * equal to what the `statistics` API answers the same person, and not one request leaving the machine.
 */

const VIEWERS = [
  ['mib-220000-analyst', '220000', '医保部门统计分析岗'],
  ['mib-220100-head', '220100', '市医保局负责人'],
  ['superior-220000-reviewer', '220000', '上级审核'],
] as const;

const REGION_NAMES: Record<string, string> = { '220000': '吉林省', '220100': '长春市' };

describe.skipIf(onPostgres || (!chromiumPath && !process.env.CI))('the analysis workspace in Chromium', () => {
  let world: World;
  let base: string;
  // One browser for the file; each test has a context of its own (its own storage and cookies).
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    world = await startWorld('in-process');
    base = world.hub.url.replace(/\/graphql$/, '');
    // Five or more of each kind, so that the charts show numbers rather than <5, as the README's pictures do.
    for (let i = 0; i < 6; i++) {
      const matter = await transferredMatter(world);
      if (i < 4) await ok(world, POLICE.officer, 'acceptTransfer', matter.id, {});
    }
    // Penalised at 12,345.67 yuan, above the province's 5,000, and never transferred: what 以罚代刑 names.
    for (let i = 0; i < 5; i++) await penalise(world, (await openMatter(world)).id);
  });
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  it.each(VIEWERS)('shows %s every chart of %s with the API’s numbers (%s)', async (person, region) => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
    try {
      const page = await context.newPage();
      const outside = await loopbackOnly(page);
      const token = await world.token(person);
      await page.addInitScript((t) => sessionStorage.setItem('hub-token', t), token);
      await page.goto(`${base}/analytics`);
      await page.waitForSelector('body[data-loaded=yes]', { timeout: 30_000 });
      await expect(page.locator('#message').textContent()).resolves.toBe('');
      expect(await page.inputValue('input[name=region]')).toBe(region);
      // The divisions with a bureau under one's own are offered by name, and the heading names the one shown.
      const offered = await page.$$eval('#regions option', (options) =>
        options.map((o) => [(o as HTMLOptionElement).value, (o as HTMLOptionElement).label]),
      );
      expect(offered).toContainEqual([region, REGION_NAMES[region]]);
      expect(offered.every(([code]) => code.startsWith(region.replace(/0+$/, '')))).toBe(true);
      expect(offered.length).toBeGreaterThan(1);
      await expect(page.locator('#heading').textContent()).resolves.toContain(`${REGION_NAMES[region]}（${region}）`);

      const variables = {
        region,
        from: await page.inputValue('input[name=from]'),
        to: await page.inputValue('input[name=to]'),
      };
      const api = (await world.as(person, graphql(ANALYTICS_QUERY), variables)).data!.statistics;
      const table = (id: string) =>
        page
          .locator(`#${id} tbody tr`)
          .evaluateAll((rows) => rows.map((row) => [...(row as HTMLTableRowElement).cells].map((c) => c.textContent)));
      const series = (id: string) =>
        page.evaluate(
          (sectionId) =>
            (
              globalThis as { echarts?: unknown } as {
                echarts: { getInstanceByDom(el: Element): { getOption(): { series: { data: unknown[] }[] } } };
              }
            ).echarts
              .getInstanceByDom(document.querySelector(`#${sectionId} .plot`)!)
              .getOption()
              .series.map((s) => s.data),
          id,
        );
      const numbers = (counts: { value: number | null }[]) => counts.map((c) => c.value ?? 0);

      // Every section drew its picture (SVG) and its table.
      await expect(page.locator('section.chart .plot svg').count()).resolves.toBe(11);
      await expect(page.locator('section.chart table thead th').count()).resolves.toBeGreaterThan(30);

      expect(api.funnel.length).toBeGreaterThan(0);
      expect((await table('funnel')).map((row) => row[1])).toEqual(api.funnel.map((f) => f.count.display));
      const [funnel] = await series('funnel');
      expect((funnel as { value: number }[]).map((d) => d.value)).toEqual(numbers(api.funnel.map((f) => f.count)));

      expect((await table('stages')).map((row) => row.slice(0, 2))).toEqual(
        api.stages.length ? api.stages.map((r) => [r.keys[0].label, r.count.display]) : [['（本期无）']],
      );
      expect((await series('stages'))[0]).toEqual(numbers(api.stages.map((r) => r.count)));
      expect((await series('counties'))[0]).toEqual(numbers(api.counties.map((r) => r.count)));
      expect(await series('clocksByStep')).toEqual([
        numbers(api.clocksByStep.map((r) => r.met)),
        numbers(api.clocksByStep.map((r) => r.missed)),
        numbers(api.clocksByStep.map((r) => r.open)),
      ]);
      expect(api.penaltyInstead.map((r) => r.regionName)).toEqual(['南关区']);
      expect((await table('penaltyInstead'))[0]).toEqual(['南关区', api.penaltyInstead[0].matters.display]);
      expect((await series('penaltyInstead'))[0]).toEqual(numbers(api.penaltyInstead.map((r) => r.matters)));
      expect((await table('clocksByAgency')).map((row) => row[4])).toEqual(
        api.clocksByAgency.length ? api.clocksByAgency.map((r) => r.open.display) : [null],
      );

      // A table downloads as the CSV Excel opens (UTF-8 with a BOM), the rows as shown.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#funnel button[data-csv]')]);
      const csv = readFileSync(await download.path());
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(csv.subarray(3).toString('utf8').split('\r\n')[0]).toBe('环节,数量,转化率,中位天数');
      // And as XLSX (exceljs, loaded by the page when first asked for): the title, the header, the rows as shown.
      const [asXlsx] = await Promise.all([page.waitForEvent('download'), page.click('#funnel button[data-xlsx]')]);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(new Uint8Array(readFileSync(await asXlsx.path())).buffer);
      const sheet = workbook.worksheets[0];
      expect(String(sheet.getRow(1).getCell(1).value)).toContain('线索至判决生效的转化漏斗');
      const cells = (n: number) =>
        (sheet.getRow(n).values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)));
      expect(cells(2)).toEqual(['环节', '数量', '转化率', '中位天数']);
      expect(cells(3)[1]).toBe(api.funnel[0].count.display);
      await expect(page.locator('#message').textContent()).resolves.toBe('');

      await page.screenshot({ path: new URL(`analytics-${person}.png`, SCREENSHOTS).pathname, fullPage: true });
      await page.emulateMedia({ media: 'print' });
      await expect(page.locator('form').isVisible()).resolves.toBe(false);
      expect(outside).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('tells a person without the right position why, in Chinese', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const token = await world.token('mib-220102-officer-1');
      await page.addInitScript((t) => sessionStorage.setItem('hub-token', t), token);
      await page.goto(`${base}/analytics`);
      await expect(page.locator('#message')).toBeDefined();
      await page.waitForFunction(() => document.getElementById('message')!.textContent !== '');
      await expect(page.locator('#message').textContent()).resolves.toMatch(/无权查看统计数据/);
    } finally {
      await context.close();
    }
  });
});
