import { type SQL, sql } from 'drizzle-orm';
import type { Db } from './client.ts';

/** The rows of a hand-written statement: both drivers (PGlite and node-postgres) answer `{ rows }`. */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as { rows: T[] }).rows;
}

/** An instant as a timestamptz parameter, the same text for every driver. */
export const timestamptz = (at: Date) => sql`${at.toISOString()}::timestamptz`;
