import { loadConfig } from '../config.js';
import { seedHub } from '../resolvers/seed.js';
import { parseCommand } from '../server/command.js';
import { openForCommand } from '../server/lifecycle.js';

/** Migrates the database and loads the GB/T 2260 regions; `--demo` adds the demo province (never in production). */
const { values } = parseCommand(
  `usage: npm run db:migrate [-- --demo]\n\nMigrates the database and loads the GB/T 2260 regions and the clock rules; --demo adds the demo province (never in production).`,
  { demo: { type: 'boolean' } },
);
const config = loadConfig();
const demo = !!values.demo && !config.production;
const database = await openForCommand(config);
try {
  await database.migrate();
  await seedHub(database.db, { demo });
  console.log(`migrated ${database.kind}${demo ? ' with the demo province' : ''}`);
} finally {
  await database.close();
}
