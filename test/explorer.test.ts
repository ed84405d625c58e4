import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../server/explorer.js';
import { chromiumPath, launchChromium, loopbackOnly, SCREENSHOTS } from './browser.js';
import { MIB, ok, POLICE, transferredMatter } from './procedure.js';
import { startWorld, type World } from './world.js';

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
      const result = await world.as(PLAYS[example.role], example.query);
      expect(result.errors).toBeUndefined();
      expect(result.data).toBeTruthy();
    },
  );
});

describe.skipIf(!chromiumPath && !process.env.CI)('the explorer in Chromium', () => {
  it('loads from the gateway alone, runs an example query with a pasted token and shows the result', async () => {
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
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
      await browser.close();
    }
  });
});
