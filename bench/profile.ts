import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { startHub } from '../server/hub.ts';
import { perSecond, topFrames } from './gateways.ts';
import { benchSetup } from './setup.ts';

/**
 * `npm run bench:profile [-- 'query']`: where the gateway's time goes. A hub in the HTTP topology (the gateway and the
 * five subgraphs in this process, each behind its own port, as deployed), 10 keep-alive callers on a thread of their
 * own, and V8's CPU profiler on this process for 5 seconds. Writes the .cpuprofile (open it in Chrome DevTools or
 * speedscope for the flame graph) and prints the functions that take the most serving time themselves (topFrames).
 */

const query = process.argv[2] ?? '{ me { personId position } }';
const { dir, config, database, token } = await benchSetup('profile');
const hub = await startHub(config, database.db, 'http');
const headers = {
  'content-type': 'application/json',
  authorization: `Bearer ${await token('mib-220102-officer-1')}`,
};

const load = (seconds: number) => perSecond(hub.url, headers, query, 10, seconds);

await load(2);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const rate = await load(5);
const { profile } = await session.post('Profiler.stop');
session.disconnect();
const path = join(dir, 'gateway.cpuprofile');
writeFileSync(path, JSON.stringify(profile));

console.log(`${query}: ${rate.toFixed(0)} requests/s through the gateway (HTTP topology, 10 callers)`);
console.log(`profile: ${path}`);
console.table(topFrames(path, 15));
await hub.stop();
await database.close();
