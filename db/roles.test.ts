import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { applicationRole, scramVerifier } from './roles.ts';

/** node-postgres' own SCRAM client, the one the services log in with. */
const sasl = createRequire(import.meta.url)('pg/lib/crypto/sasl.js');

describe('the application role', () => {
  it('is named after its database unless HUB_APP_ROLE names it', () => {
    expect(applicationRole('postgres://hub@db:5432/hub', '')).toBe('hub_app');
    expect(applicationRole('postgres://hub@db:5432/hub_jilin', '')).toBe('hub_jilin_app');
    expect(applicationRole('postgres://hub@db:5432/hub', 'yibao_services')).toBe('yibao_services');
    expect(() => applicationRole('postgres://hub@db:5432/Hub-Jilin', '')).toThrow(/HUB_APP_ROLE must be/);
    expect(() => applicationRole('postgres://hub@db:5432/hub', 'x; drop table y')).toThrow(/HUB_APP_ROLE must be/);
  });

  it('gets a SCRAM-SHA-256 verifier that node-postgres logs in against, and never the password itself', async () => {
    const password = 'app-password-for-the-test';
    const verifier = scramVerifier(password);
    expect(verifier).not.toContain(password);
    const [, iterations, salt, storedKey, serverKey] =
      verifier.match(/^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/) ?? [];
    expect(Number(iterations)).toBe(4096);

    // The server's side of RFC 5802, as PostgreSQL runs it against what it stored.
    async function logsIn(attempt: string) {
      const session = sasl.startSession(['SCRAM-SHA-256']);
      const clientFirstBare = session.response.slice('n,,'.length);
      const serverFirst = `r=${clientFirstBare.split('r=')[1]}server-nonce,s=${salt},i=${iterations}`;
      await sasl.continueSession(session, attempt, serverFirst);
      const clientFinal: string = session.response;
      const at = clientFinal.indexOf(',p=');
      const proof = Buffer.from(clientFinal.slice(at + 3), 'base64');
      const authMessage = `${clientFirstBare},${serverFirst},${clientFinal.slice(0, at)}`;
      const signature = createHmac('sha256', Buffer.from(storedKey, 'base64')).update(authMessage).digest();
      const clientKey = Buffer.from(proof.map((byte, i) => byte ^ signature[i]));
      if (createHash('sha256').update(clientKey).digest('base64') !== storedKey) return false;
      const serverSignature = createHmac('sha256', Buffer.from(serverKey, 'base64')).update(authMessage).digest();
      sasl.finalizeSession(session, `v=${serverSignature.toString('base64')}`);
      return true;
    }
    expect(await logsIn(password)).toBe(true);
    expect(await logsIn('another password')).toBe(false);
  });
});
