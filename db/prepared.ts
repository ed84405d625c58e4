import type { Db } from './client.js';

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
