import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { TestProject } from 'vitest/node';
import { type Database, openDatabase } from '../db/client.ts';
import { installJobs } from '../resolvers/reports/jobs.ts';
import { seedHub } from '../resolvers/seed.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: a file holding the data directory every test world starts from (migrated, seeded, jobs installed). */
    pgliteTemplate: string | null;
  }
}

/**
 * Against PostgreSQL (DATABASE_URL set), the suite shares one database: it is emptied, migrated and seeded
 * once here, and every test makes its own records. On PGlite each test world has its own in-memory database, a copy
 * of one prepared here: a new embedded cluster takes seconds to initialise, a copy a fraction of that.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  const database = await openDatabase({ url });
  try {
    if (url)
      await database.db.execute(
        sql.raw('drop schema if exists shared, mib, police, procuratorate, court, audit, jobs, drizzle cascade'),
      );
    await prepare(database);
    if (url) {
      project.provide('pgliteTemplate', null);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'hub-template-'));
    const file = join(dir, 'pglite.tar');
    writeFileSync(file, Buffer.from(await (await database.dump!()).arrayBuffer()));
    project.provide('pgliteTemplate', file);
    return () => rmSync(dir, { recursive: true, force: true });
  } finally {
    await database.close();
  }
}

/** What every test database holds before its first test: the schema, the demo registry, the job queue. */
export async function prepare(database: Database) {
  await database.migrate();
  await seedHub(database.db);
  await installJobs(database);
}
