import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  type Hash,
  hkdfSync,
  type KeyObject,
  randomBytes,
  sign,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';

/**
 * The hub's cryptography, the one place that names an algorithm. HUB_CRYPTO chooses the suite new data is protected
 * with: INTL (SHA-256, AES-256-GCM, Ed25519) or GM, China's commercial cryptography (商用密码: SM3, SM4, SM2), as
 * GB/T 39786-2021 expects. Whatever was written under the other suite keeps being read and verified: every sealed
 * value, chain entry, digest and signature records its algorithm.
 */
export const CRYPTO_SUITES = ['INTL', 'GM'] as const;
export type CryptoSuiteName = (typeof CRYPTO_SUITES)[number];

export const DIGEST_ALGORITHMS = ['SHA-256', 'SM3'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];
export const SIGNATURE_ALGORITHMS = ['Ed25519', 'SM2-SM3'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];
export type SealAlgorithm = 'AES-256-GCM' | 'SM4-CTR-HMAC-SM3';

export interface CryptoSuite {
  name: CryptoSuiteName;
  digest: DigestAlgorithm;
  seal: SealAlgorithm;
  /** The keyed hash that finds a sealed value without opening it. */
  lookup: 'HMAC-SHA-256' | 'HMAC-SM3';
  signature: SignatureAlgorithm;
}

const SUITES: Record<CryptoSuiteName, CryptoSuite> = {
  INTL: { name: 'INTL', digest: 'SHA-256', seal: 'AES-256-GCM', lookup: 'HMAC-SHA-256', signature: 'Ed25519' },
  GM: { name: 'GM', digest: 'SM3', seal: 'SM4-CTR-HMAC-SM3', lookup: 'HMAC-SM3', signature: 'SM2-SM3' },
};

export const isCryptoSuiteName = (value: unknown): value is CryptoSuiteName =>
  (CRYPTO_SUITES as readonly unknown[]).includes(value);

/** The suite new data is protected with: HUB_CRYPTO, INTL when unset. */
export function cryptoSuite(env: NodeJS.ProcessEnv = process.env): CryptoSuite {
  const name = env.HUB_CRYPTO || 'INTL';
  if (!isCryptoSuiteName(name)) throw new Error(`HUB_CRYPTO must be INTL or GM, not ${name}`);
  return SUITES[name];
}

const NODE_DIGEST: Record<DigestAlgorithm, string> = { 'SHA-256': 'sha256', SM3: 'sm3' };

export const isDigestAlgorithm = (value: unknown): value is DigestAlgorithm =>
  (DIGEST_ALGORITHMS as readonly unknown[]).includes(value);

/** A running digest, for content fed in parts. */
export function hasher(algorithm: DigestAlgorithm = cryptoSuite().digest): Hash {
  return createHash(NODE_DIGEST[algorithm]);
}

/** The digest of bytes or UTF-8 text, in lower-case hex. */
export function digest(data: string | Uint8Array, algorithm: DigestAlgorithm = cryptoSuite().digest): string {
  return hasher(algorithm).update(data).digest('hex');
}

/** JSON with keys in sorted order (undefined left out), so the same value always hashes and signs the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** A short digest for HTTP validators (ETag), not for integrity. */
export const etagOf = (body: string) => hasher().update(body).digest('base64url').slice(0, 32);

/* ---------------------------------------------------------------- sealing at rest */

/** The tag that opens a sealed value, and the suite it belongs to. */
const SEAL_FORMATS = { v1: 'INTL', gm1: 'GM' } as const satisfies Record<string, CryptoSuiteName>;
type SealFormat = keyof typeof SEAL_FORMATS;

interface SealKeys {
  /** AES-256-GCM's key (INTL) or SM4's (GM). */
  encryption: Buffer;
  /** HMAC-SM3's key for encrypt-then-MAC (GM only). */
  mac: Buffer;
  lookup: Buffer;
}

/** Each suite's keys, derived from one data key with that suite's own HKDF (HKDF-SHA-256 or HKDF-SM3). */
function sealKeys(dataKey: Buffer, suite: CryptoSuiteName): SealKeys {
  const derive = (info: string, length: number) =>
    Buffer.from(hkdfSync(suite === 'GM' ? 'sm3' : 'sha256', dataKey, Buffer.alloc(0), info, length));
  return suite === 'GM'
    ? {
        encryption: derive('yibao-hub seal sm4', 16),
        mac: derive('yibao-hub mac sm3', 32),
        lookup: derive('yibao-hub lookup sm3', 32),
      }
    : { encryption: derive('yibao-hub seal', 32), mac: Buffer.alloc(0), lookup: derive('yibao-hub lookup', 32) };
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Where a sealed value stands: which suite sealed it, and whether the current key did. */
export interface SealState {
  suite: CryptoSuiteName;
  currentKey: boolean;
}

/**
 * Protection at rest for ID numbers and webhook secrets: sealed under the current suite with the current data key
 * (HUB_DATA_KEY), and opened under whichever suite and key (current or HUB_DATA_KEY_PREVIOUS) sealed them. Each
 * value starts with its format: `v1` is AES-256-GCM, `gm1` is SM4-CTR with HMAC-SM3 over the nonce and ciphertext
 * (encrypt-then-MAC; this runtime's OpenSSL has no SM4-GCM).
 */
export class Sealer {
  readonly suite: CryptoSuite;
  private readonly keys: { current: boolean; of: Record<CryptoSuiteName, SealKeys> }[];

  constructor(
    dataKey: Buffer,
    { suite = cryptoSuite(), previous = [] }: { suite?: CryptoSuite; previous?: Buffer[] } = {},
  ) {
    for (const key of [dataKey, ...previous]) if (key.length !== 32) throw new Error('a data key must be 32 bytes');
    this.suite = suite;
    this.keys = [dataKey, ...previous].map((key, i) => ({
      current: i === 0,
      of: { INTL: sealKeys(key, 'INTL'), GM: sealKeys(key, 'GM') },
    }));
  }

  private get current() {
    return this.keys[0].of[this.suite.name];
  }

  seal(plain: string): string {
    const keys = this.current;
    if (this.suite.name === 'GM') {
      const iv = randomBytes(16);
      const cipher = createCipheriv('sm4-ctr', keys.encryption, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['gm1', b64(iv), b64(gmMac(keys.mac, iv, body)), b64(body)].join('.');
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keys.encryption, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', b64(iv), b64(cipher.getAuthTag()), b64(body)].join('.');
  }

  open(sealed: string): string {
    return this.openWithState(sealed).plain;
  }

  /** Which suite and key sealed a value. */
  stateOf(sealed: string): SealState {
    const { suite, currentKey } = this.openWithState(sealed);
    return { suite, currentKey };
  }

  /** The value in clear and where it stands: what a re-sealing reads, once, before it moves the value. */
  openWithState(sealed: string): SealState & { plain: string } {
    const [format, iv, tag, body] = sealed.split('.');
    if (!(format in SEAL_FORMATS)) throw new Error(`unknown seal format ${format}`);
    const suite = SEAL_FORMATS[format as SealFormat];
    const [ivBytes, tagBytes, bodyBytes] = [iv, tag, body].map((part) => Buffer.from(part ?? '', 'base64'));
    for (const { current, of } of this.keys) {
      const keys = of[suite];
      if (suite === 'GM') {
        const expected = gmMac(keys.mac, ivBytes, bodyBytes);
        if (expected.length !== tagBytes.length || !timingSafeEqual(expected, tagBytes)) continue;
        const decipher = createDecipheriv('sm4-ctr', keys.encryption, ivBytes);
        return {
          plain: Buffer.concat([decipher.update(bodyBytes), decipher.final()]).toString('utf8'),
          suite,
          currentKey: current,
        };
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', keys.encryption, ivBytes);
        decipher.setAuthTag(tagBytes);
        return {
          plain: Buffer.concat([decipher.update(bodyBytes), decipher.final()]).toString('utf8'),
          suite,
          currentKey: current,
        };
      } catch {
        // not this key: try the previous one
      }
    }
    throw new Error('the sealed value does not open with any configured data key: it was changed, or its key is gone');
  }

  /** The exact-match look-up of a value under the current suite and key: `sm3:` + HMAC-SM3, or bare HMAC-SHA-256. */
  lookupHash(plain: string): string {
    return lookupWith(this.suite.name, this.current.lookup, plain);
  }

  /** Every form a value's look-up hash may have been stored in (each suite, each key): for a query not yet re-sealed. */
  lookupHashes(plain: string): string[] {
    return this.keys.flatMap(({ of }) => CRYPTO_SUITES.map((suite) => lookupWith(suite, of[suite].lookup, plain)));
  }
}

const gmMac = (key: Buffer, iv: Buffer, body: Buffer) =>
  createHmac('sm3', key).update('gm1').update(iv).update(body).digest();

const lookupWith = (suite: CryptoSuiteName, key: Buffer, plain: string) =>
  suite === 'GM'
    ? `sm3:${createHmac('sm3', key).update(plain).digest('hex')}`
    : createHmac('sha256', key).update(plain).digest('hex');

/* ---------------------------------------------------------------- signatures */

/** GB/T 32918's default distinguishing identifier, which SM2 hashes with the signer's key (Z). */
export const SM2_DEFAULT_ID = '1234567812345678';

/** A detached signature as it is stored and handed out: what signed it, with which key, and the signature (base64, DER). */
export interface DetachedSignature {
  algorithm: SignatureAlgorithm;
  keyId: string;
  signature: string;
}

export interface PublicKey {
  algorithm: SignatureAlgorithm;
  keyId: string;
  /** SubjectPublicKeyInfo, PEM. */
  pem: string;
}

/** The SubjectPublicKeyInfo prefix of an uncompressed point on the SM2 curve (id-ecPublicKey, sm2p256v1). */
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
/** The PKCS #8 prefix of an Ed25519 private key's 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** The order of the SM2 curve's base point: a private key is in [1, n − 2]. */
const SM2_ORDER = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

const pemOf = (der: Buffer) =>
  `-----BEGIN PUBLIC KEY-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END PUBLIC KEY-----\n`;

const keyIdOf = (algorithm: SignatureAlgorithm, spki: Buffer) =>
  digest(spki, algorithm === 'SM2-SM3' ? 'SM3' : 'SHA-256').slice(0, 16);

interface KeyPair {
  algorithm: SignatureAlgorithm;
  keyId: string;
  spki: Buffer;
  sign(data: Uint8Array): Buffer;
}

function sm2KeyPair(secret: Buffer): KeyPair {
  // A private key in [1, n − 2], derived from the configured secret with HKDF-SM3.
  const wide = BigInt(
    `0x${Buffer.from(hkdfSync('sm3', secret, Buffer.alloc(0), 'yibao-hub sign sm2', 40)).toString('hex')}`,
  );
  const d = ((wide % (SM2_ORDER - 2n)) + 1n).toString(16).padStart(64, '0');
  const publicHex = sm2.getPublicKeyFromPrivateKey(d);
  const spki = Buffer.concat([SM2_SPKI_PREFIX, Buffer.from(publicHex, 'hex')]);
  return {
    algorithm: 'SM2-SM3',
    keyId: keyIdOf('SM2-SM3', spki),
    spki,
    sign: (data) =>
      Buffer.from(
        sm2.doSignature(data, d, { hash: true, der: true, publicKey: publicHex, userId: SM2_DEFAULT_ID }),
        'hex',
      ),
  };
}

function ed25519KeyPair(secret: Buffer): KeyPair {
  const seed = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'yibao-hub sign ed25519', 32));
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { algorithm: 'Ed25519', keyId: keyIdOf('Ed25519', spki), spki, sign: (data) => sign(null, data, privateKey) };
}

/**
 * Signs what the hub publishes (frozen monthly reports, published exposure versions) with the current suite's
 * algorithm. The key pairs derive from one configured secret (HUB_SIGNING_KEY), so the hub still publishes the public
 * key of the suite it ran on before, and those of HUB_SIGNING_KEY_PREVIOUS after a rotation.
 */
export class Signer {
  private readonly current: KeyPair;
  private readonly known: KeyPair[];
  private readonly tagDigest: string;
  /** For `tag`: one key per signing key, current first, derived apart from the key pairs. */
  private readonly tagKeys: KeyObject[];

  constructor(
    secret: Buffer,
    { suite = cryptoSuite(), previous = [] }: { suite?: CryptoSuite; previous?: Buffer[] } = {},
  ) {
    for (const key of [secret, ...previous])
      if (key.length < 32) throw new Error('a signing key must be 32 bytes or more');
    const pairs = (key: Buffer) => ({ 'SM2-SM3': sm2KeyPair(key), Ed25519: ed25519KeyPair(key) });
    const all = [secret, ...previous].map(pairs);
    this.current = all[0][suite.signature];
    this.known = [this.current, ...all.flatMap((p) => Object.values(p)).filter((p) => p !== this.current)];
    this.tagDigest = NODE_DIGEST[suite.digest];
    this.tagKeys = [secret, ...previous].map((key) =>
      createSecretKey(Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'yibao-hub process tag', 32))),
    );
  }

  /**
   * A keyed tag of `data` (HMAC in the suite's digest) for what one of the hub's processes tells another: only a
   * holder of HUB_SIGNING_KEY makes one, unlike the subgraph secrets, which travel in every request's headers.
   */
  tag(data: string): string {
    return createHmac(this.tagDigest, this.tagKeys[0]).update(data).digest('base64url');
  }

  /** Whether `tag` is `data`'s tag under the current signing key or a previous one. */
  tagged(data: string, tag: string): boolean {
    const given = Buffer.from(tag, 'base64url');
    return this.tagKeys.some((key) => {
      const expected = createHmac(this.tagDigest, key).update(data).digest();
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  }

  sign(data: Uint8Array | string): DetachedSignature {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    return { algorithm: this.current.algorithm, keyId: this.current.keyId, signature: b64(this.current.sign(bytes)) };
  }

  /** The current key first, then every other key the hub has signed with. */
  publicKeys(): PublicKey[] {
    return this.known.map(({ algorithm, keyId, spki }) => ({ algorithm, keyId, pem: pemOf(spki) }));
  }

  verify(data: Uint8Array | string, signature: DetachedSignature): boolean {
    const key = this.publicKeys().find((k) => k.keyId === signature.keyId && k.algorithm === signature.algorithm);
    return !!key && verifySignature(data, signature, key.pem);
  }
}

/** Whether `signature` is a valid signature of `data` by the public key `pem`, in the algorithm it names. */
export function verifySignature(data: Uint8Array | string, signature: DetachedSignature, pem: string): boolean {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const der = Buffer.from(signature.signature, 'base64');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    return false;
  }
  const spki = key.export({ format: 'der', type: 'spki' });
  if (signature.algorithm === 'Ed25519') {
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, bytes, key, der);
  }
  if (signature.algorithm === 'SM2-SM3') {
    if (!spki.subarray(0, SM2_SPKI_PREFIX.length).equals(SM2_SPKI_PREFIX)) return false;
    const publicHex = spki.subarray(SM2_SPKI_PREFIX.length).toString('hex');
    try {
      return sm2.doVerifySignature(bytes, der.toString('hex'), publicHex, {
        hash: true,
        der: true,
        userId: SM2_DEFAULT_ID,
      });
    } catch {
      return false;
    }
  }
  return false;
}

/** A detached signature read back from its JSON, or null when it is not one. */
export function parseSignature(value: unknown): DetachedSignature | null {
  const v = typeof value === 'string' ? safeJson(value) : value;
  if (!v || typeof v !== 'object') return null;
  // As the hub stores it; as GraphQL's Signature type shows it; as the JSON Feed's _signature extension carries it.
  const fields = v as Record<string, unknown>;
  const algorithm = fields.algorithm;
  const keyId = fields.keyId ?? fields.key_id;
  const signature = fields.signature ?? fields.value;
  if (!(SIGNATURE_ALGORITHMS as readonly unknown[]).includes(algorithm)) return null;
  if (typeof keyId !== 'string' || typeof signature !== 'string') return null;
  return { algorithm: algorithm as SignatureAlgorithm, keyId, signature };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
