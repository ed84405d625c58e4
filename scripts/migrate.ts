import { loadConfig } from '../config.ts';
import { parseCommand } from '../server/command.ts';

/**
 * Migrates the database as its owner, loads the GB/T 2260 regions and the clock rules, and on PostgreSQL grants the
 * services' role (db/roles.ts): they connect as it (password HUB_APP_PASSWORD), and may only append to the audit log.
 */
const { values } = parseCommand(
  `usage: npm run db:migrate [-- --demo]

Migrates the database (run it as the database's owner), loads the GB/T 2260 regions and the clock rules, and on
PostgreSQL grants the services' role: HUB_APP_ROLE, or <database>_app (hub_app for the database hub), with the
password in HUB_APP_PASSWORD when set (sent as a SCRAM verifier, never as text).
--demo adds the demo province (never in production).`,
  { demo: { type: 'boolean' } },
);
const config = loadConfig();
// The rest loads once the command line and the configuration hold: a usage or a refusal answers at once.
const { installJobs } = await import('../resolvers/reports/jobs.ts');
const { seedHub } = await import('../resolvers/seed.ts');
const { openForCommand } = await import('../server/lifecycle.ts');
const demo = !!values.demo && !config.production;
const database = await openForCommand(config);
try {
  await database.migrate();
  await seedHub(database.db, { demo });
  await installJobs(database);
  const role = await database.grantApplicationRole(process.env.HUB_APP_PASSWORD);
  console.log(
    `migrated ${database.kind}${demo ? ' with the demo province' : ''}${role ? `; role ${role} granted` : ''}`,
  );
} finally {
  await database.close();
}
