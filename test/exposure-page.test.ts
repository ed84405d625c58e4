import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium, loopbackOnly, SCREENSHOTS } from './browser.ts';
import { onPostgres } from './passes.ts';
import { MIB, openMatter, penalise } from './procedure.ts';
import { startWorld, type World } from './world.ts';

/** The public page, in a real browser with JavaScript off: readable, printable, and never reaching outside. */

// Skipped only on a developer's machine without Chromium; CI installs it, and there a missing browser fails.
describe.skipIf(onPostgres || (!chromiumPath && !process.env.CI))('the public exposure page in Chromium', () => {
  let world: World;
  let base: string;
  beforeAll(async () => {
    world = await startWorld('in-process');
    base = world.hub.url.replace(/\/graphql$/, '');
    // An individual the bureau penalised: what the law lets the public see.
    const matter = await openMatter(world);
    await penalise(world, matter.id);
    const entry = `mutation($id: ID!) { approveExposure(id: $id) { id } }`;
    const drafted = await world.as(
      MIB.officer,
      'mutation($input: DraftExposureInput!) { draftExposure(input: $input) { id } }',
      {
        input: {
          matterId: matter.id,
          kind: 'PERSON',
          title: '南关区参保人张某某冒用他人医保卡购药案',
        },
      },
    );
    const id = drafted.data.draftExposure.id;
    await world.as(MIB.head, entry, { id });
    await world.as(MIB.officer, `mutation($id: ID!) { publishExposure(id: $id) { id } }`, { id });
  });
  afterAll(() => world?.stop());

  it('shows the published entries without JavaScript, filters by link, prints without navigation', async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
      const page = await context.newPage();
      const outside = await loopbackOnly(page);
      const response = await page.goto(`${base}/exposure`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('h1').textContent()).resolves.toBe('欺诈骗取医保基金曝光台');
      const entry = page.locator('article').filter({ hasText: '南关区参保人张某某冒用他人医保卡购药案' });
      await expect(entry.count()).resolves.toBe(1);
      await expect(entry.textContent()).resolves.toContain('处罚款24691.34元（2倍）');
      await page.screenshot({ path: new URL('exposure.png', SCREENSHOTS).pathname, fullPage: true });

      await page.click('text=典型案例');
      expect(page.url()).toContain('kind=TYPICAL_CASE');
      await expect(page.locator('article').count()).resolves.toBe(0);

      await page.goto(`${base}/exposure`);
      await page.emulateMedia({ media: 'print' });
      await expect(page.locator('nav').first().isVisible()).resolves.toBe(false);
      await page.screenshot({ path: new URL('exposure-print.png', SCREENSHOTS).pathname, fullPage: true });
      expect(outside).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
