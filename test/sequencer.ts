import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, longest first, as the last runs measured them on the 2-core machine: each starts
 * processes or a browser, or waits across the subgraphs' keep-alive edge, and most are small.
 */
const LONGEST = [
  // On PostgreSQL only (skipped at once on PGlite): the deployment builds dist/ and starts two of every service.
  'test/deployment.test.ts',
  'test/reports.test.ts',
  'test/lifecycle.test.ts',
  'test/gateway-hop.test.ts',
  'test/registry-import.test.ts',
  'test/webhooks.test.ts',
  'test/outage.test.ts',
  'test/analytics.test.ts',
  'test/explorer.test.ts',
  'test/transfer.test.ts',
];

/**
 * Vitest runs first the files its last run found slowest, and on a run without that record (a fresh clone: CI)
 * the largest. Size misleads here: with three files at a time, a slow small file started last is the suite's tail.
 * Without the record, the files known to be long go first, in that order; with it, vitest's own order stands.
 */
export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const key = (file: TestSpecification) => relative(root, file.moduleId);
    if (sorted.every((file) => this.ctx.cache.getFileTestResults(`${file.project.name}:${key(file)}`))) return sorted;
    const rank = (file: TestSpecification) => {
      const at = LONGEST.indexOf(key(file));
      return at === -1 ? LONGEST.length : at;
    };
    return sorted
      .map((file, at) => ({ file, at }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.at - b.at)
      .map(({ file }) => file);
  }
}
