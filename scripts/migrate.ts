import { loadConfig } from '../config.js';
import { seedHub } from '../resolvers/seed.js';
import { openForCommand } from '../server/lifecycle.js';

/** Migrates the database and loads the GB/T 2260 regions; `--demo` adds the demo province (never in production). */
const config = loadConfig();
const demo = process.argv.includes('--demo') && !config.production;
const database = await openForCommand(config);
try {
  await database.migrate();
  await seedHub(database.db, { demo });
  console.log(`migrated ${database.kind}${demo ? ' with the demo province' : ''}`);
} finally {
  await database.close();
}
