import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); CHROMIUM_PATH names another. */
export const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => !!path && existsSync(path),
);

/**
 * Where the tests' screenshots go: test-results/ (not committed), or HUB_SCREENSHOTS, which `npm run screenshots`
 * sets to docs/screenshots/ for the README's pictures.
 */
export const SCREENSHOTS = process.env.HUB_SCREENSHOTS
  ? pathToFileURL(`${resolve(process.env.HUB_SCREENSHOTS)}/`)
  : new URL('../test-results/', import.meta.url);

/** Headless Chromium that does not reach for Google's services at start. */
export function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error('no Chromium: apt-get install chromium, or set CHROMIUM_PATH');
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Records, and refuses, every request a page makes to anything but this machine. */
export async function loopbackOnly(page: Page) {
  const outside: string[] = [];
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || url.protocol === 'data:') return route.continue();
    outside.push(url.href);
    return route.abort();
  });
  return outside;
}
