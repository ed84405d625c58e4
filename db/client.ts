import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  /**
   * PostgreSQL only: applies db/roles.sql, so that the services can connect as hub_app, which reads and writes the hub's
   * tables but may only append to the audit log; sets hub_app's password when one is given.
   */
  grantApplicationRole(password?: string): Promise<void>;
  /**
   * How pg-boss (the job queue, resolvers/reports/jobs.ts) reaches this database: PostgreSQL by its URL, PGlite
   * through the same embedded instance, so the same jobs run in this process.
   */
  jobConnection:
    | { connectionString: string }
    | { db: { executeSql(text: string, values?: unknown[]): Promise<unknown> } };
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
const rolesFile = fileURLToPath(new URL('./roles.sql', import.meta.url));

export interface DatabaseOptions {
  url?: string;
  dataDir?: string;
  /** Called with the SQL of every statement the application runs (tests pin them). */
  onStatement?: (sql: string) => void;
}

/** PostgreSQL when a URL is given; otherwise embedded PGlite in `dataDir` (in memory when none). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const logger = options.onStatement && { logQuery: (query: string) => options.onStatement!(query) };
  if (options.url) {
    const client = postgres(options.url, { max: 10, onnotice: () => {} });
    const db = drizzlePostgres(client, { schema, logger }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: () => migratePostgres(db as never, { migrationsFolder }),
      grantApplicationRole: async (password) => {
        // Several statements and a DO block: the simple query protocol, which only an unparameterised `unsafe` uses.
        await client.unsafe(readFileSync(rolesFile, 'utf8'));
        // ALTER ROLE takes no parameters: the password goes in as a quoted literal.
        if (password) await client.unsafe(`alter role hub_app password '${password.replace(/'/g, "''")}'`);
      },
      jobConnection: { connectionString: options.url },
      close: () => client.end(),
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create(options.dataDir);
  const db = drizzlePglite(client, { schema, logger }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    grantApplicationRole: async () => {},
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
    close: () => client.close(),
  };
}
