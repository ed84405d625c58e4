import { DEV_ISSUER, ensureDevKey } from '../auth/dev-key.ts';
import { signToken } from '../auth/tokens.ts';
import { loadConfig } from '../config.ts';
import type { Position } from '../domain/codes.ts';
import { demoPeople } from '../resolvers/registry/demo.ts';
import { parseCommand } from '../server/command.ts';

/** Mints a development token for a demo user. Refuses in production, where tokens come from the agencies' identity providers. */
const {
  values: { list, position },
  positionals,
} = parseCommand(
  `usage: npm run -s token -- <person id> [--position POSITION]
                                            a development token (ES256, 8 hours) for a demo user, on stdout;
                                            it selects the person's first position unless --position names another
       npm run token -- --list              the demo users`,
  { list: { type: 'boolean' }, position: { type: 'string' } },
);
if (process.env.NODE_ENV === 'production') {
  console.error(
    'npm run token is for the embedded development hub only; in production tokens come from your identity provider.',
  );
  process.exit(2);
}
const config = loadConfig();
const [personId, ...rest] = positionals;
const everyone = await demoPeople();
const person = everyone.find((p) => p.id === personId);
if (list) {
  for (const p of everyone) console.log(`${p.id.padEnd(34)} ${p.positions.join(',').padEnd(24)} ${p.name}`);
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
if (position && !person.positions.includes(position as Position)) {
  console.error(`--position: ${person.id} holds ${person.positions.join(', ')}, not ${position}`);
  process.exit(2);
}
const key = await ensureDevKey(config.dataDir);
console.log(
  await signToken(
    key.privateKey,
    key.kid,
    { subject: person.id, position: (position as Position | undefined) ?? person.positions[0] },
    { issuer: DEV_ISSUER, audience: config.audience },
  ),
);
