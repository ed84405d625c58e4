import { pathToFileURL } from 'node:url';
import { runEntry } from '../config.ts';

/** `node dist/scripts/jobs.js`: the job queue's worker alone, on PostgreSQL (deployments, docker-compose's `jobs`). */
async function runStandalone() {
  const { loadConfig, StartError } = await import('../config.ts');
  const { stopOnSignals } = await import('../server/lifecycle.ts');
  const { openDatabase } = await import('../db/client.ts');
  const { startJobs } = await import('../resolvers/reports/jobs.ts');
  const { log } = await import('../server/log.ts');
  const { createKeys } = await import('../server/services.ts');
  const config = loadConfig();
  if (!config.databaseUrl) throw new StartError('DATABASE_URL must be set: the job worker runs on PostgreSQL');
  const database = await openDatabase({
    url: config.databaseUrl,
    onConnectionError: (err) => log.warn({ err }, 'database connection lost; the pool reconnects'),
  });
  const jobs = await startJobs(database, { settings: config.settings, ...createKeys(config) }, (err) =>
    log.error({ err }, 'job queue'),
  );
  stopOnSignals(async () => {
    await jobs.stop();
    await database.close();
  });
  console.log('job worker running: monthly reports');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runEntry(runStandalone);
