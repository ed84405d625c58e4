import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVerifier, signToken } from './tokens.ts';

const ISSUER = 'https://idp.test/realms/yibao';

async function issuer() {
  const { privateKey, publicKey } = await jose.generateKeyPair('ES256');
  const path = join(mkdtempSync(join(tmpdir(), 'hub-keys-')), 'jwks.json');
  const jwks = { keys: [{ ...(await jose.exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] };
  writeFileSync(path, JSON.stringify(jwks));
  const sign = (expiresIn = '8h') =>
    signToken(privateKey, 'k1', { subject: 'someone' }, { issuer: ISSUER, audience: 'yibao-hub', expiresIn });
  return { path, sign, verify: createVerifier([{ issuer: ISSUER, jwks: `file:${path}` }], 'yibao-hub') };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a remembered token', () => {
  it('still expires', async () => {
    const { sign, verify } = await issuer();
    const token = await sign('30s');
    expect((await verify(token)).subject).toBe('someone');
    vi.useFakeTimers({ now: Date.now() + 60_000, toFake: ['Date'] });
    await expect(verify(token)).rejects.toThrow(/exp/);
  });

  it('is checked again when its issuer’s keys change', async () => {
    const { path, sign, verify } = await issuer();
    const token = await sign();
    expect((await verify(token)).subject).toBe('someone');
    writeFileSync(path, JSON.stringify({ keys: [] }));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(verify(token)).rejects.toThrow();
  });

  it('is never one that failed', async () => {
    const { sign, verify } = await issuer();
    const forged = `${(await sign()).slice(0, -4)}AAAA`;
    await expect(verify(forged)).rejects.toThrow();
    await expect(verify(forged)).rejects.toThrow();
  });
});
