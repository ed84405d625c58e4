import { loadConfig } from '../config.ts';
import { parseCommand } from '../server/command.ts';

/** `npm run audit:verify`: walks the hash chain of audit.events and names the first broken link. Exit 1 when broken. */
parseCommand(
  `usage: npm run audit:verify\n\nWalks the audit log's hash chain, each entry with the digest it records (SHA-256 or SM3), names where the\ndigest changed and the first broken entry (exit code 1 when broken).`,
  {},
);
const config = loadConfig();
// The rest loads once the command line and the configuration hold: a usage or a refusal answers at once.
const { verifyAuditChain } = await import('../db/audit.ts');
const { openForCommand } = await import('../server/lifecycle.ts');
const database = await openForCommand(config);
try {
  const { broken, entries, changes } = await verifyAuditChain(database.db);
  for (const change of changes)
    console.log(
      change.from
        ? `entry ${change.seq}: the digest changes from ${change.from} to ${change.to}`
        : `entry ${change.seq}: the chain starts under ${change.to}`,
    );
  if (broken) {
    console.error(`audit chain BROKEN at entry ${broken.seq}: ${broken.reason} (${entries} entries before it hold)`);
    process.exitCode = 1;
  } else {
    console.log(`audit chain intact: ${entries} entries`);
  }
} finally {
  await database.close();
}
