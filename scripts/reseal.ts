import { loadConfig } from '../config.ts';
import { parseCommand } from '../server/command.ts';

const USAGE = `
usage: npm run reseal [-- --batch N]

Moves every sealed value (ID numbers and their look-up hashes, webhook secrets) to the suite HUB_CRYPTO names and
to HUB_DATA_KEY, a batch of N (default 500) per transaction, printing its progress. Values still under another suite
or under a key in HUB_DATA_KEY_PREVIOUS are opened and sealed again; values already current are left alone, so a run
stopped halfway (Ctrl-C finishes the batch under way) loses nothing: run it again to finish. The hub may keep running.
On the embedded database, stop the hub first.
`;
const { values } = parseCommand(USAGE, { batch: { type: 'string' } });
const batch = values.batch === undefined ? 500 : Number(values.batch);
if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) {
  console.error(`--batch must be a whole number from 1 to 10000, not ${values.batch}`);
  process.exit(2);
}
const config = loadConfig();
// The rest loads once the command line and the configuration hold: a usage or a refusal answers at once.
const { resealAll } = await import('../db/reseal.ts');
const { openForCommand } = await import('../server/lifecycle.ts');
const { createKeys } = await import('../server/services.ts');
const { sealer } = createKeys(config);
const database = await openForCommand(config);
let stopping = false;
const stop = () => {
  if (stopping) process.exit(130);
  stopping = true;
  console.log('stopping after the batch under way (Ctrl-C again to stop at once: the batch is rolled back)');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
try {
  console.log(`re-sealing under ${sealer.suite.name} (${sealer.suite.seal}, look-ups ${sealer.suite.lookup})`);
  const { done, progress } = await resealAll(database.db, sealer, {
    batch,
    stop: () => stopping,
    onProgress: ({ what, seen, total, moved }) =>
      console.log(
        `${what}: ${seen} of ${total} checked (${total ? Math.floor((seen * 100) / total) : 100}%), ${moved} moved`,
      ),
  });
  const summary = progress.map((p) => `${p.moved} ${p.what} moved of ${p.total}`).join(', ');
  if (done) console.log(`re-sealed: ${summary}`);
  else {
    console.log(`stopped: ${summary}; run npm run reseal again to finish`);
    process.exitCode = 130;
  }
} finally {
  await database.close();
}
