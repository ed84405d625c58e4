import { getTableName, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

const built = new WeakMap<object, Map<string, unknown>>();

/**
 * A statement every request runs (who is calling, an agency, a lead by id), built once per database and prepared by
 * its name on each connection: no query building and no parsing per call. Values go in as placeholders.
 */
export function preparedOnce<T>(db: Db, name: string, prepare: (db: Db) => T): T {
  let statements = built.get(db);
  if (!statements) {
    statements = new Map();
    built.set(db, statements);
  }
  if (!statements.has(name)) statements.set(name, prepare(db));
  return statements.get(name) as T;
}

/** `select * from table where id = any($ids)`: the rows a request's batched look-up by id asks for. */
export function rowsByIds<T extends PgTable>(db: Db, table: T, id: AnyPgColumn) {
  const name = `hub_${getTableName(table)}_by_ids`;
  const statement = preparedOnce(db, name, () =>
    db
      .select()
      .from(table as PgTable)
      .where(sql`${id} = any(${sql.placeholder('ids')})`)
      .prepare(name),
  );
  return (ids: readonly string[]) => statement.execute({ ids }) as Promise<T['$inferSelect'][]>;
}
