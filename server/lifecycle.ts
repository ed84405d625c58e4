import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type HubConfig, StartError } from '../config.ts';
import { log } from './log.ts';

/**
 * Embedded PGlite in DATA_DIR, where the configuration allows it: in production only when HUB_EMBEDDED_DATABASE=yes
 * asks for it by name, in a directory that exists (production creates nothing on its own). Locks the directory.
 */
export function openEmbeddedDataDir(config: HubConfig) {
  if (config.production && !config.embeddedDatabase)
    throw new StartError(
      'DATABASE_URL must be set in production (or HUB_EMBEDDED_DATABASE=yes, to run on embedded PGlite in DATA_DIR)',
    );
  if (!existsSync(config.dataDir))
    throw new StartError(`DATA_DIR ${config.dataDir} does not exist: create it, or set DATA_DIR`);
  return lockDataDir(config.dataDir);
}

/**
 * One process at a time on an embedded data directory: a second `npm start` (or a command) on the same directory
 * would open the same PGlite files and the two would diverge. A lock left by a process that died is taken over.
 */
export function lockDataDir(dir: string) {
  const path = join(dir, 'hub.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => rmSync(path, { force: true });
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8'));
      if (holder && holder !== process.pid && alive(holder)) {
        throw new StartError(`DATA_DIR ${dir} is in use by process ${holder}: stop it first, or set another DATA_DIR`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new StartError(`DATA_DIR ${dir}: could not take its lock (${path})`);
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Fails at once, before migrations, when the port is taken. */
export async function assertPortFree(port: number, host: string) {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StartError(`PORT ${port} is in use on ${host}: stop what listens there, or set PORT`)
          : error,
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/**
 * On SIGTERM or SIGINT: stop accepting, let requests in flight finish, close the database, exit 0 — or exit 1 when
 * that takes longer than `graceMs`.
 */
export function stopOnSignals(stop: () => Promise<void>, graceMs = 10_000) {
  let stopping = false;
  const handle = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    setTimeout(() => {
      log.error({ graceMs }, 'did not stop in time');
      process.exit(1);
    }, graceMs).unref();
    stop().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => handle('SIGTERM'));
  process.on('SIGINT', () => handle('SIGINT'));
}

/**
 * The database for a command (`npm run calendar`, `db:migrate`, `audit:verify`): on the embedded default it takes the
 * data directory's lock, so a command never writes PGlite's files behind a running hub's back.
 */
export async function openForCommand(config: HubConfig) {
  try {
    if (!config.databaseUrl) openEmbeddedDataDir(config);
  } catch (error) {
    if (!(error instanceof StartError)) throw error;
    const locked = / is in use by process /.test(error.message);
    console.error(
      `${error.message}${locked ? ' (a command on the embedded database runs while the hub is stopped)' : ''}`,
    );
    process.exit(2);
  }
  // Loaded only now: the lock and port checks above answer before the database's drivers load.
  const { openDatabase } = await import('../db/client.ts');
  return openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pgdata') });
}
