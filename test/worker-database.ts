import { openAsBlob } from 'node:fs';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../db/client.ts';
import { prepare } from './global-setup.ts';

let shared: Promise<Database> | undefined;
let recorder: ((sql: string) => void) | null = null;

/**
 * The database the test files of one worker share on PGlite: a copy of the suite's template, made once per worker, as
 * the suite's one database is shared on PostgreSQL. Every test makes its own records; a file that breaks its database
 * asks for one of its own (`startWorld(…, { ownDatabase: true })`). It stays open for the worker's life.
 */
export function workerDatabase(): Promise<Database> {
  shared ??= (async () => {
    const template = inject('pgliteTemplate');
    const database = await openDatabase({
      onStatement: (sql) => recorder?.(sql),
      from: template ? await openAsBlob(template) : undefined,
    });
    if (!template) await prepare(database);
    return database;
  })();
  return shared;
}

/** Where the worker's database reports each statement it runs (`world.statementsOf`), or nowhere. */
export const recordStatements = (record: ((sql: string) => void) | null) => {
  recorder = record;
};
