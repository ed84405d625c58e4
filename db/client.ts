import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { applicationRole, grantApplicationRole } from './roles.ts';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  /**
   * PostgreSQL only: creates or updates the services' role (db/roles.ts), which reads and writes the hub's tables but
   * may only append to the audit log, with its password when one is given. Returns its name.
   */
  grantApplicationRole(password?: string): Promise<string | undefined>;
  /**
   * How pg-boss (the job queue, resolvers/reports/jobs.ts) reaches this database: PostgreSQL by its URL, PGlite
   * through the same embedded instance, so the same jobs run in this process.
   */
  jobConnection:
    | { connectionString: string }
    | { db: { executeSql(text: string, values?: unknown[]): Promise<unknown> } };
  /** PostgreSQL: the pool's connections, for /metrics. */
  pool?: () => { total: number; idle: number; waiting: number };
  /**
   * Calls `onNotify` for each NOTIFY on `channel` (sent at the commit of the transaction that sent it). On PostgreSQL a
   * connection of its own, opened again after an outage (a NOTIFY sent meanwhile is missed: callers keep a sweep).
   * Returns how to stop listening.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  /** PGlite: a copy of its data directory, from which another starts (`DatabaseOptions.from`). */
  dump?: () => Promise<Blob>;
  close(): Promise<void>;
}

const pools = new WeakMap<Db, () => { total: number; idle: number; waiting: number }>();

/** A PostgreSQL database's connection pool right now (none for PGlite): for /metrics. */
export const poolStats = (db: Db) => pools.get(db)?.();

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface DatabaseOptions {
  url?: string;
  dataDir?: string;
  /** Called with the SQL of every statement the application runs (tests pin them). */
  onStatement?: (sql: string) => void;
  /** PostgreSQL: a pooled connection broke while idle (the server went away); the pool replaces it. */
  onConnectionError?: (error: Error) => void;
  /** PostgreSQL: each new pooled connection, before its first statement (tracing wraps its statements). */
  onConnect?: (client: pg.PoolClient) => void;
  /** PGlite: starts from this copy of a data directory (`Database.dump`) instead of a new empty cluster. */
  from?: Blob;
}

/** PostgreSQL when a URL is given; otherwise embedded PGlite in `dataDir` (in memory when none). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const logger = options.onStatement && { logQuery: (query: string) => options.onStatement!(query) };
  if (options.url) {
    // node-postgres, not postgres.js: postgres.js 3.4.9 crashes the process when the server goes away under load
    // (a write scheduled on a socket already closed: porsager/postgres#1154, #1208, fixed upstream only in open pull
    // requests). A pool of pg clients drops a broken connection and opens a new one when the server is back.
    const pool = new pg.Pool({
      connectionString: options.url,
      max: 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });
    // A connection whose server went away emits 'error': the pool listens on idle ones, and each client listens on
    // itself while checked out (in a transaction), or the process would exit. The query in flight still rejects.
    const broken = (error: Error) => options.onConnectionError?.(error);
    pool.on('error', broken);
    pool.on('connect', (client) => {
      client.on('error', broken);
      options.onConnect?.(client);
    });
    const db: Db = drizzlePostgres(pool, { schema, logger });
    const stats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    pools.set(db, stats);
    return {
      db,
      kind: 'postgres',
      migrate: () => migratePostgres(db as never, { migrationsFolder }),
      grantApplicationRole: async (password) => {
        const role = applicationRole(options.url!);
        await grantApplicationRole(pool, role, password);
        return role;
      },
      jobConnection: { connectionString: options.url },
      pool: stats,
      listen: (channel, onNotify) => listenOnPostgres(options.url!, channel, onNotify, broken),
      close: () => pool.end(),
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create(options.dataDir, options.from && { loadDataDir: options.from });
  const db: Db = drizzlePglite(client, { schema, logger });
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    grantApplicationRole: async () => undefined,
    jobConnection: {
      db: {
        // pg-boss sends several statements at once without parameters and wants every statement's result, as pg gives.
        executeSql: async (text, values) => {
          if (values?.length) return client.query(text, values as unknown[]);
          const results = await client.exec(text);
          return results.length === 1 ? results[0] : results;
        },
      },
    },
    listen: async (channel, onNotify) => {
      const stop = await client.listen(channel, () => onNotify());
      return () => stop();
    },
    dump: () => client.dumpDataDir('none'),
    close: () => client.close(),
  };
}

/** LISTEN on a connection of its own, opened again (every 5 s at most) whenever it breaks. */
async function listenOnPostgres(url: string, channel: string, onNotify: () => void, broken: (error: Error) => void) {
  if (!/^[a-z_]+$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    const again = (error?: Error) => {
      if (error) broken(error);
      if (client === next) client = null;
      next.removeAllListeners('notification');
      if (stopped || retry) return;
      retry = setTimeout(() => {
        retry = undefined;
        void connect();
      }, 5_000);
    };
    next.on('error', again);
    next.on('end', () => again());
    next.on('notification', () => onNotify());
    try {
      await next.connect();
      await next.query(`listen ${channel}`);
      client = next;
    } catch (error) {
      await next.end().catch(() => {});
      again(error as Error);
    }
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}
