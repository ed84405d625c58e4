import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import './test/clock.mjs';
import { LongestFirst } from './test/sequencer.ts';
import { installTestClock } from './test/test-clock.ts';

installTestClock();

export default defineConfig({
  // graphql-shield and graphql-middleware load graphql as CommonJS; one copy for everyone, or instanceof checks fail.
  resolve: { alias: { graphql: createRequire(import.meta.url).resolve('graphql') } },
  test: {
    include: ['test/**/*.test.ts', '{domain,auth,db,resolvers,schema,server}/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/leaves-no-state.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Files run side by side; none shares state (on PostgreSQL each makes its own records). Three at a time, not
    // vitest's one per core less one: the files wait on child processes, browsers and PostgreSQL as much as they
    // compute, and each holds up to a dozen of PostgreSQL's 100 connections.
    maxWorkers: 3,
    // A worker keeps the modules it loaded from one file to the next: loading the hub takes seconds, which every
    // file paid again (426 s of the suite's 498 s of summed import time). No file may leave state behind: an
    // environment variable a file changes goes through vi.stubEnv, undone with vi.unstubAllEnvs; the test clock is put
    // back (setTestClock); test/leaves-no-state.ts fails a file that leaves process.env changed.
    isolate: false,
    sequence: { sequencer: LongestFirst },
  },
});
