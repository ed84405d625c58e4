import { count } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { verifyAuditChain } from '../db/audit.js';
import { auditEvents } from '../db/schema.js';
import { parseCommand } from '../server/command.js';
import { openForCommand } from '../server/lifecycle.js';

/** `npm run audit:verify`: walks the hash chain of audit.events and names the first broken link. Exit 1 when broken. */
parseCommand(
  `usage: npm run audit:verify\n\nWalks the audit log's hash chain and names the first broken entry (exit code 1 when broken).`,
  {},
);
const config = loadConfig();
const database = await openForCommand(config);
try {
  const broken = await verifyAuditChain(database.db);
  const [{ n }] = await database.db.select({ n: count() }).from(auditEvents);
  if (broken) {
    console.error(`audit chain BROKEN at entry ${broken.seq}: ${broken.reason}`);
    process.exitCode = 1;
  } else {
    console.log(`audit chain intact: ${n} entries`);
  }
} finally {
  await database.close();
}
