import { parentPort, workerData } from 'node:worker_threads';

/**
 * The load of one measurement, on a thread of its own so that the callers' work is not charged to the hub's: `callers`
 * loops posting `query` to `url` for `seconds`; answers how many requests completed, or the first error.
 */
const { url, headers, query, callers, seconds } = workerData;
let done = 0;
let failure = null;
const end = performance.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: callers }, async () => {
    while (performance.now() < end && !failure) {
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query }) });
      const body = await response.json();
      if (body.errors) failure = `${query}: ${JSON.stringify(body.errors)}`;
      done++;
    }
  }),
);
parentPort.postMessage({ done, failure });
