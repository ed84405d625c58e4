import { DEV_ISSUER, ensureDevKey } from './auth/dev-key.js';
import { signToken } from './auth/tokens.js';
import { loadConfig } from './config.js';
import { demoPeople } from './db/seed.js';
import { parseCommand } from './server/command.js';

/** Mints a development token for a demo user. Refuses in production, where tokens come from the agencies' identity providers. */
const {
  values: { list },
  positionals,
} = parseCommand(
  `usage: npm run -s token -- <person id>     a development token (ES256, 8 hours) for a demo user, on stdout
       npm run token -- --list              the demo users`,
  { list: { type: 'boolean' } },
);
if (process.env.NODE_ENV === 'production') {
  console.error(
    'npm run token is for the embedded development hub only; in production tokens come from your identity provider.',
  );
  process.exit(2);
}
const config = loadConfig();
const [personId, ...rest] = positionals;
const everyone = demoPeople();
const person = everyone.find((p) => p.id === personId);
if (list) {
  for (const p of everyone) console.log(`${p.id.padEnd(34)} ${p.position.padEnd(16)} ${p.name}`);
  process.exit(0);
}
if (!person || rest.length > 0) {
  console.error(
    personId
      ? `no demo user "${personId}"; npm run token -- --list shows them`
      : 'usage: npm run -s token -- <person id>',
  );
  process.exit(2);
}
const key = await ensureDevKey(config.dataDir);
console.log(
  await signToken(
    key.privateKey,
    key.kid,
    { personId: person.id, agencyId: person.agencyId, position: person.position },
    { issuer: DEV_ISSUER, audience: config.audience },
  ),
);
