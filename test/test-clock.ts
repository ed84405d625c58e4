import { pathToFileURL } from 'node:url';

/**
 * The day the suite runs on, whatever the machine's clock says: after the fixtures' dates, inside the official
 * calendar's years, and the periods the tests run (up to 30 days) end inside them too; test/year-end.test.ts runs on a
 * day of its own whose deadlines wait for the next year. `HUB_TEST_CLOCK=<ISO instant> npm test` runs the suite on
 * another day, `HUB_TEST_CLOCK=system` on the machine's; the suite expects a day after its fixtures' dates (20 November
 * 2026) whose 30-day periods end inside the calendar's years.
 */
export const SUITE_DAY = '2026-11-30T10:00:00+08:00';

/** Sets the offset for the commands a test starts (their environment) and for this process's clock (test/clock.mjs). */
function setOffset(offset: string | undefined) {
  if (offset === undefined) delete process.env.HUB_TEST_CLOCK_OFFSET;
  else process.env.HUB_TEST_CLOCK_OFFSET = offset;
  (globalThis as Record<symbol, number>)[Symbol.for('hub.testClockOffset')] = Number(offset) || 0;
}

const offsetTo = (instant: string) => {
  const at = Date.parse(instant);
  if (Number.isNaN(at)) throw new Error(`HUB_TEST_CLOCK: "${instant}" is not an ISO 8601 instant`);
  const shift = Number(process.env.HUB_TEST_CLOCK_OFFSET) || 0;
  return String(at - (Date.now() - shift));
};

/** Called once by vitest's configuration: this process and every process it starts read the tests' clock. */
export function installTestClock() {
  const wanted = process.env.HUB_TEST_CLOCK ?? SUITE_DAY;
  if (process.env.HUB_TEST_CLOCK_OFFSET === undefined) setOffset(wanted === 'system' ? '0' : offsetTo(wanted));
  const preload = `--import=${pathToFileURL(new URL('./clock.mjs', import.meta.url).pathname).href}`;
  if (!process.env.NODE_OPTIONS?.includes(preload))
    process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, preload].filter(Boolean).join(' ');
}

/**
 * Moves this test file's clock (and that of the commands it starts from now on) to `instant`; time flows on from it.
 * Returns what puts the suite's clock back, for the file's afterAll: the next file in the same worker runs on it.
 */
export function setTestClock(instant: string) {
  const before = process.env.HUB_TEST_CLOCK_OFFSET;
  setOffset(offsetTo(instant));
  return () => setOffset(before);
}
