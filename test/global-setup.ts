import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client.js';
import { installJobs } from '../resolvers/reports/jobs.js';
import { seedHub } from '../resolvers/seed.js';

/**
 * Against PostgreSQL (DATABASE_URL set), the suite shares one database: it is emptied, migrated and seeded
 * once here, and every test makes its own records. On PGlite each test world has its own in-memory database.
 */
export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const database = await openDatabase({ url });
  try {
    await database.db.execute(
      sql.raw('drop schema if exists shared, mib, police, procuratorate, court, audit, jobs, drizzle cascade'),
    );
    await database.migrate();
    await seedHub(database.db);
    await installJobs(database);
  } finally {
    await database.close();
  }
}
