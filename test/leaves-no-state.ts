import { afterAll, beforeAll } from 'vitest';

/**
 * Test files share their worker's loaded modules and process (vitest.config.ts, `isolate: false`): a file that
 * changes the environment or the test clock must put it back, or the next file in the worker runs on its settings.
 * This runs around every file and fails the one that did not.
 */
const SET_ONCE = new Set(['APOLLO_TELEMETRY_DISABLED']);
let before: Record<string, string | undefined> = {};

beforeAll(() => {
  before = { ...process.env };
});

afterAll(() => {
  const names = new Set([...Object.keys(before), ...Object.keys(process.env)]);
  const changed = [...names].filter((name) => !SET_ONCE.has(name) && before[name] !== process.env[name]);
  if (changed.length) throw new Error(`this file left process.env changed: ${changed.join(', ')}`);
});
