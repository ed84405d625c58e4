import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, in the order they start. Most are small: they start processes or a browser, or wait.
 * Two mostly wait: the gateway hop (idle gaps across the subgraphs' keep-alive edge) and the webhooks (a receiver
 * that is down, retries with backoff). Started side by side they leave a core idle, so the webhooks start after the
 * files that compute.
 */
const LONGEST = [
  // On PostgreSQL only (skipped at once on PGlite): the deployment builds dist/ and starts two of every service.
  'test/deployment.test.ts',
  'test/gateway-hop.test.ts',
  'test/reports.test.ts',
  'test/lifecycle.test.ts',
  'test/registry-import.test.ts',
  'test/analytics.test.ts',
  'test/explorer.test.ts',
  'test/outage.test.ts',
  'test/webhooks.test.ts',
  'test/transfer.test.ts',
];

/**
 * Vitest runs first the files its last run found slowest, and on a run without that record (a fresh clone: CI) the
 * largest. Neither knows which files wait rather than compute: with three files at a time on two cores, two waiting
 * side by side leave a core idle, and a slow small file started last is the suite's tail. The files above go first,
 * in that order; the others follow in vitest's.
 */
export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const rank = (file: TestSpecification) => {
      const at = LONGEST.indexOf(relative(root, file.moduleId));
      return at === -1 ? LONGEST.length : at;
    };
    return sorted
      .map((file, at) => ({ file, at }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.at - b.at)
      .map(({ file }) => file);
  }
}
