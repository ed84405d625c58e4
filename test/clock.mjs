/**
 * The tests' own clock: loaded first in every process of a test run (vitest's, its workers and the commands the tests
 * start, through NODE_OPTIONS), it moves `Date` by HUB_TEST_CLOCK_OFFSET milliseconds. Time still flows; every process
 * of the run reads the same moment, whatever day the machine's clock says. Plain JavaScript, so no loader is needed.
 */
const RealDate = globalThis.Date;
if (!RealDate.isTestClock) {
  // The offset is read from the environment once, here, and then set by test/test-clock.ts along with it; not read
  // on every Date.now(): PGlite asks for the time thousands of times a second, and each read of process.env is a call
  // into Node.
  globalThis[Symbol.for('hub.testClockOffset')] = Number(process.env.HUB_TEST_CLOCK_OFFSET) || 0;
  const offset = () => globalThis[Symbol.for('hub.testClockOffset')];
  class TestClockDate extends RealDate {
    static isTestClock = true;
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset());
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset();
    }
    // Dates made by Node itself (a file's mtime, a structured clone) are still Dates.
    static [Symbol.hasInstance](value) {
      return value instanceof RealDate;
    }
  }
  // Date() called as a function gives today's string, as the real one does.
  const DateFunction = new Proxy(TestClockDate, {
    apply: () => new TestClockDate().toString(),
  });
  globalThis.Date = DateFunction;
}
