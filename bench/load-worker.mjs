import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

/**
 * The load of one measurement, on a thread of its own: `callers` connections posting `query` to `url` for `seconds`,
 * with autocannon (its client costs the machine a fraction of what fetch does, so the hub keeps the cores it would have
 * with its callers elsewhere); answers how many requests completed, or the first error.
 */
const { url, headers, query, callers, seconds } = workerData;
let failure = null;
const result = await autocannon({
  url,
  connections: callers,
  duration: seconds,
  requests: [
    {
      method: 'POST',
      headers,
      body: JSON.stringify({ query }),
      onResponse(status, body) {
        if (!failure && (status !== 200 || body.includes('"errors"'))) failure = `${query}: ${status} ${body}`;
      },
    },
  ],
});
if (!failure && (result.errors || result.timeouts))
  failure = `${query}: ${result.errors} connection errors, ${result.timeouts} timeouts`;
parentPort.postMessage({ done: result['2xx'], failure });
