import { readFile, stat } from 'node:fs/promises';
import * as jose from 'jose';
import { POSITIONS, type Position } from '../domain/codes.ts';

export const ALGORITHMS = ['ES256'];

export interface IssuerConfig {
  issuer: string;
  /** `file:/path/to/jwks.json` or an http(s) URL serving a JWKS. */
  jwks: string;
}

/**
 * What a token says. Only the issuer and the subject identify; the agency and the position, when present, are checked
 * against the registry (a position selects one of the person's registered positions), never taken on trust.
 */
export interface TokenClaims {
  issuer: string;
  subject: string;
  agencyId?: string;
  position?: Position;
}

/** Why a token was refused; `claims` when its signature held (the registry refused the identity). */
export class TokenError extends Error {
  readonly claims?: TokenClaims;

  constructor(message: string, claims?: TokenClaims) {
    super(message);
    this.claims = claims;
  }
}

type Keys = (header: jose.JWSHeaderParameters, token: jose.FlattenedJWSInput) => Promise<jose.CryptoKey>;

/** An issuer's keys, and which version of them is current (a token verified against another is checked again). */
interface KeySet {
  keys: Keys;
  version: () => Promise<number>;
}

/**
 * A JWKS file is re-read when it changes, so a key can be added or removed without a restart; whether it changed is
 * looked at no more than once a second, not on every token.
 */
function fileKeySet(path: string): KeySet {
  let cached: { mtimeMs: number; kids: Set<string>; set: ReturnType<typeof jose.createLocalJWKSet> } | undefined;
  let checkedAt = 0;
  const known = (kid: string | undefined) => !!cached && cached.kids.has(kid ?? '');
  const refresh = async () => {
    const { mtimeMs } = await stat(path);
    checkedAt = Date.now();
    if (!cached || cached.mtimeMs !== mtimeMs) {
      const jwks = JSON.parse(await readFile(path, 'utf8')) as jose.JSONWebKeySet;
      cached = { mtimeMs, kids: new Set(jwks.keys.map((k) => k.kid ?? '')), set: jose.createLocalJWKSet(jwks) };
    }
    return cached;
  };
  const current = async () => (cached && Date.now() - checkedAt < 1000 ? cached : refresh());
  return {
    keys: async (header, token) => {
      // An unknown key id is looked for in the file at once: a key just added works on its first token.
      const set = known(header.kid) ? await current() : await refresh();
      return set.set(header, token);
    },
    version: async () => (await current()).mtimeMs,
  };
}

function keySetFor(config: IssuerConfig): KeySet {
  if (config.jwks.startsWith('file:')) return fileKeySet(config.jwks.slice('file:'.length));
  const keys = jose.createRemoteJWKSet(new URL(config.jwks), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
  // Whether a remote set changed is not known without fetching it: a token is verified again each minute.
  return { keys, version: async () => Math.floor(Date.now() / 60_000) };
}

export type Verifier = (token: string) => Promise<TokenClaims>;

const CLOCK_TOLERANCE_SECONDS = 5;
const REMEMBERED_TOKENS = 10_000;

/**
 * Verifies ES256 tokens from the configured issuers: signature, `iss`, `aud`, `exp` (required) and `nbf`. A token
 * whose signature held is remembered: the next request with it (the gateway's, then the subgraph's) checks only its
 * times and that its issuer's keys are still those it was verified against, not the signature again.
 */
export function createVerifier(issuers: IssuerConfig[], audience: string): Verifier {
  const keySets = new Map(issuers.map((config) => [config.issuer, keySetFor(config)]));
  const remembered = new Map<string, { claims: TokenClaims; notBefore: number; expires: number; version: number }>();
  return async (token) => {
    const known = remembered.get(token);
    if (known) {
      const now = Date.now() / 1000;
      const inTime = now >= known.notBefore - CLOCK_TOLERANCE_SECONDS && now <= known.expires + CLOCK_TOLERANCE_SECONDS;
      if (inTime && (await keySets.get(known.claims.issuer)!.version()) === known.version) return known.claims;
      remembered.delete(token);
    }
    let issuer: string | undefined;
    try {
      issuer = jose.decodeJwt(token).iss;
    } catch {
      throw new TokenError('malformed token');
    }
    const keySet = issuer ? keySets.get(issuer) : undefined;
    if (!keySet || !issuer) throw new TokenError('unknown issuer');
    try {
      const version = await keySet.version();
      const { payload } = await jose.jwtVerify(token, keySet.keys, {
        issuer,
        audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      const position = payload.position;
      if (position !== undefined && !(typeof position === 'string' && position in POSITIONS.labels))
        throw new TokenError('unknown position');
      const agency = payload.agency;
      if (agency !== undefined && typeof agency !== 'string') throw new TokenError('agency is not a string');
      const claims = { issuer, subject: payload.sub!, agencyId: agency, position: position as Position | undefined };
      if (remembered.size >= REMEMBERED_TOKENS) remembered.delete(remembered.keys().next().value!);
      remembered.set(token, { claims, notBefore: payload.nbf ?? 0, expires: payload.exp!, version });
      return claims;
    } catch (error) {
      throw new TokenError(error instanceof Error ? error.message : 'invalid token');
    }
  };
}

/** Signs a token for `subject` (development, tests, benchmarks: in production tokens come from the identity providers). */
export async function signToken(
  privateKey: jose.CryptoKey | jose.KeyObject,
  kid: string,
  claims: Omit<TokenClaims, 'issuer'>,
  options: { issuer: string; audience: string; expiresIn?: string },
) {
  return new jose.SignJWT({ agency: claims.agencyId, position: claims.position })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '8h')
    .sign(privateKey);
}
