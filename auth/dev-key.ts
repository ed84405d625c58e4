import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as jose from 'jose';

export const DEV_ISSUER = 'urn:yibao-hub:dev';

/**
 * The embedded default's signing key, made on first start in the data directory.
 * Production never uses it: there, issuers and their JWKS come from HUB_ISSUERS.
 */
export async function ensureDevKey(dataDir: string) {
  const privatePath = join(dataDir, 'dev-signing-key.json');
  const jwksPath = join(dataDir, 'dev-jwks.json');
  if (!existsSync(privatePath)) {
    mkdirSync(dataDir, { recursive: true });
    const { privateKey, publicKey } = await jose.generateKeyPair('ES256', { extractable: true });
    const kid = `dev-${Date.now().toString(36)}`;
    const privateJwk = { ...(await jose.exportJWK(privateKey)), kid, alg: 'ES256' };
    const publicJwk = { ...(await jose.exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    writeFileSync(privatePath, JSON.stringify(privateJwk), { mode: 0o600 });
    writeFileSync(jwksPath, JSON.stringify({ keys: [publicJwk] }));
  }
  const privateJwk = JSON.parse(readFileSync(privatePath, 'utf8'));
  return {
    kid: privateJwk.kid as string,
    privateKey: (await jose.importJWK(privateJwk, 'ES256')) as jose.CryptoKey,
    jwksPath,
  };
}
