import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../resolvers/registry/demo.ts';
import { EXAMPLES } from '../server/explorer.ts';
import { chromiumPath, launchChromium, loopbackOnly, SCREENSHOTS } from './browser.ts';
import { onPostgres } from './passes.ts';
import { MIB, ok, POLICE, transferredMatter } from './procedure.ts';
import { startWorld, type World } from './world.ts';

/** The explorer works with no internet: everything it loads comes from the gateway itself. */

const PLAYS: Record<string, string | null> = {
  医保执法人员: MIB.officer,
  上级审核人员: 'superior-220000-reviewer',
  医保数据分析人员: 'mib-220102-analyst',
  跨部门分析人员: 'superior-220000-analyst',
  报表作业: 'superior-220000-reporting-job',
  各单位: POLICE.officer,
  公众: null,
};

let world: World;
let base: string;
beforeAll(async () => {
  // A database of its own: the analyst's example opens the ID numbers of every lead in the region with this world's key.
  world = await startWorld('in-process', { ownDatabase: true });
  base = world.hub.url.replace(/\/graphql$/, '');
  const matter = await transferredMatter(world);
  await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
});
afterAll(() => world?.stop());

describe('the explorer’s example queries', () => {
  it.each(EXAMPLES.map((e) => [`${e.role}：${e.title}`, e] as const))(
    '%s runs for its role',
    async (_name, example) => {
      expect(Object.keys(PLAYS)).toContain(example.role);
      const person = PLAYS[example.role];
      // The picker offers an example to the positions it lists; the one playing it here must be among them.
      const position = (await demoUsers()).find((u) => u.id === person)?.position;
      if (person) expect(example.positions).toContain(position);
      else expect(example.positions).toEqual([]);
      const result = await world.as(person, example.query);
      expect(result.errors).toBeUndefined();
      expect(result.data).toBeTruthy();
    },
  );
});

describe.skipIf(onPostgres || (!chromiumPath && !process.env.CI))('the explorer in Chromium', () => {
  // One browser for both tests; each has a context of its own (its own storage and cookies).
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('loads from the gateway alone, runs an example query with a pasted token and shows the result', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      const outside = await loopbackOnly(page);
      await page.goto(`${base}/explorer`);
      await page.fill('#token', await world.token(MIB.officer));
      await page.selectOption('#example', '0');
      await page.locator('.graphiql-execute-button').click({ timeout: 30_000 });
      const response = page.locator('.result-window, .graphiql-response');
      await expect
        .poll(async () => (await response.first().textContent()) ?? '', { timeout: 30_000 })
        .toContain('"leads"');
      expect((await response.first().textContent()) ?? '').toContain('张三丰');
      await page.screenshot({ path: new URL('explorer.png', SCREENSHOTS).pathname });
      expect(outside).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('offers demo users by name, agency and position, opens on the first example they may run, and says why a token is refused', async () => {
    const demo = await startWorld('in-process', { demoUsers: true, publicRateLimit: 3 });
    const context = await browser.newContext({ locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      const outside = await loopbackOnly(page);
      await page.goto(`${demo.hub.url.replace(/\/graphql$/, '')}/explorer`);
      // Nothing chosen yet: a hint, not a refused introspection.
      await expect(page.locator('#hint').textContent()).resolves.toContain('请先选择演示用户');
      await expect(page.locator('#example').inputValue()).resolves.toBe('');
      const labels = await page.locator('#demo option').allTextContents();
      const officer = (await demoUsers()).find((u) => u.id === MIB.officer)!;
      expect(officer.label).toMatch(/长春市南关区医疗保障局，医保行政执法人员）$/);
      expect(labels).toContain(officer.label);
      expect(labels.every((l) => l === '演示用户…' || /（.+，.+）$/.test(l))).toBe(true);

      await page.selectOption('#demo', 'superior-220000-reporting-job');
      await expect
        .poll(() => page.locator('#example').inputValue())
        .toBe(String(EXAMPLES.findIndex((e) => e.positions.includes('REPORTING_JOB'))));
      await expect.poll(async () => (await page.locator('#token').inputValue()).split('.').length).toBe(3);
      // Past the public limit the picker says so in words; the token field keeps a token, never a JSON error.
      for (const person of [MIB.officer, POLICE.officer, MIB.officer, POLICE.officer]) {
        await page.selectOption('#demo', person);
        if ((await page.locator('#message').textContent())?.includes('请求过于频繁')) break;
      }
      await expect.poll(() => page.locator('#message').textContent()).toContain('请求过于频繁');
      expect((await page.locator('#token').inputValue()).split('.')).toHaveLength(3);
      expect(outside).toEqual([]);
    } finally {
      await context.close();
      await demo.stop();
    }
  });
});
