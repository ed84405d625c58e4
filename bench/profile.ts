import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startHub } from '../hub.js';
import { benchSetup } from './setup.js';

/**
 * `npm run bench:profile [-- 'query']`: where the gateway's time goes. A hub in the HTTP topology (the gateway and the
 * five subgraphs in this process, each behind its own port, as deployed), 10 keep-alive callers on a thread of their
 * own, and V8's CPU profiler on this process for 5 seconds. Writes the .cpuprofile (open it in Chrome DevTools or
 * speedscope for the flame graph) and prints the functions that take the most time themselves.
 */

const query = process.argv[2] ?? '{ me { personId position } }';
const { dir, config, database, token } = await benchSetup('profile');
const hub = await startHub(config, database.db, 'http');
const headers = {
  'content-type': 'application/json',
  authorization: `Bearer ${await token('mib-220102-officer-1')}`,
};

const load = (seconds: number) =>
  new Promise<{ done: number; failure: string | null }>((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
      workerData: { url: hub.url, headers, query, callers: 10, seconds },
    });
    worker.once('message', (m) => {
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', reject);
  });

await load(2);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const { done, failure } = await load(5);
const { profile } = await session.post('Profiler.stop');
session.disconnect();
if (failure) throw new Error(failure);
const path = join(dir, 'gateway.cpuprofile');
writeFileSync(path, JSON.stringify(profile));

// Self time per function: each sample counts for the node it landed on.
const selfTime = new Map<string, number>();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
for (const id of profile.samples ?? []) {
  const frame = byId.get(id)!.callFrame;
  const where = frame.url
    ? `${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(?=[^/]+\/[^/]+$)/, '')}:${frame.lineNumber + 1}`
    : '';
  const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
  selfTime.set(key, (selfTime.get(key) ?? 0) + 1);
}
const total = profile.samples?.length ?? 1;
console.log(`${query}: ${(done / 5).toFixed(0)} requests/s through the gateway (HTTP topology, 10 callers)`);
console.log(`profile: ${path}`);
console.table(
  [...selfTime]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([frame, n]) => ({ 'self %': ((n / total) * 100).toFixed(1), frame })),
);
await hub.stop();
await database.close();
