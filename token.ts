import { DEV_ISSUER, ensureDevKey } from './auth/dev-key.js';
import { signToken } from './auth/tokens.js';
import { loadConfig } from './config.js';
import { demoPeople } from './db/seed.js';

/** Mints a development token for a demo user. Refuses in production, where tokens come from the agencies' identity providers. */
if (process.env.NODE_ENV === 'production') {
  console.error(
    'npm run token is for the embedded development hub only; in production tokens come from your identity provider.',
  );
  process.exit(2);
}
const config = loadConfig();
const [personId, ...rest] = process.argv.slice(2);
const everyone = demoPeople();
const person = everyone.find((p) => p.id === personId);
if (!person || rest.length > 0) {
  if (personId && personId !== '--list') console.error(`no demo user "${personId}"`);
  console.error('usage: npm run token -- <person id>\n\ndemo users:');
  for (const p of everyone) console.error(`  ${p.id.padEnd(34)} ${p.position.padEnd(16)} ${p.name}`);
  process.exit(personId === '--list' ? 0 : 2);
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
