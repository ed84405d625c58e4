import { execFileSync } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CryptoSuite,
  canonicalJson,
  cryptoSuite,
  type DetachedSignature,
  digest,
  parseSignature,
  Sealer,
  Signer,
  SM2_DEFAULT_ID,
  verifySignature,
} from './crypto.ts';

const INTL = cryptoSuite({ HUB_CRYPTO: 'INTL' });
const GM = cryptoSuite({ HUB_CRYPTO: 'GM' });
const hex = (text: string) => Buffer.from(text.replace(/\s/g, ''), 'hex');

describe('the standards’ own vectors', () => {
  it('SM3, GB/T 32905-2016 appendix A: "abc" and "abcd" × 16', () => {
    expect(digest('abc', 'SM3')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(digest('abcd'.repeat(16), 'SM3')).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('SM4, GB/T 32907-2016 appendix A: one block, and the same block encrypted 1,000,000 times', () => {
    const key = hex('0123456789abcdeffedcba9876543210');
    const plain = hex('0123456789abcdeffedcba9876543210');
    const once = createCipheriv('sm4-ecb', key, null).setAutoPadding(false).update(plain);
    expect(once.toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    // CBC from a zero IV over the block then 999,999 zero blocks: each block is the encryption of the one before
    // (c[i] = E(0 ⊕ c[i − 1])), so the last is the block encrypted 1,000,000 times, in one call instead of a million.
    const chained = Buffer.alloc(16 * 1_000_000);
    plain.copy(chained);
    const cbc = createCipheriv('sm4-cbc', key, Buffer.alloc(16)).setAutoPadding(false).update(chained);
    expect(cbc.subarray(0, 16).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    expect(cbc.subarray(-16).toString('hex')).toBe('595298c7c6fd271f0402f804c33d3f66');
  });

  /** GB/T 32918.2-2016 appendix A, on the recommended curve with the default distinguishing ID. */
  const SM2 = {
    a: 'FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC',
    b: '28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93',
    gx: '32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7',
    gy: 'BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0',
    x: '09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020',
    y: 'CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13',
    za: 'B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3',
    e: 'F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640',
    r: 'F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3',
    s: 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA',
    message: 'message digest',
  };
  const spki = Buffer.concat([hex('3059301306072a8648ce3d020106082a811ccf5501822d034200'), hex(`04${SM2.x}${SM2.y}`)]);
  const pem = `-----BEGIN PUBLIC KEY-----\n${spki.toString('base64')}\n-----END PUBLIC KEY-----\n`;
  /** DER SEQUENCE of two 33-byte INTEGERs (both r and s have the top bit set). */
  const der = hex(`3046022100${SM2.r}022100${SM2.s}`);

  it('SM2, GB/T 32918.2-2016 appendix A: Z_A and e with the default ID, and the signature (r, s) verifies', () => {
    const id = Buffer.from(SM2_DEFAULT_ID);
    const entl = Buffer.from([(id.length * 8) >> 8, (id.length * 8) & 0xff]);
    const za = digest(Buffer.concat([entl, id, ...[SM2.a, SM2.b, SM2.gx, SM2.gy, SM2.x, SM2.y].map(hex)]), 'SM3');
    expect(za).toBe(SM2.za.toLowerCase());
    expect(digest(Buffer.concat([hex(za), Buffer.from(SM2.message)]), 'SM3')).toBe(SM2.e.toLowerCase());
    const signature: DetachedSignature = { algorithm: 'SM2-SM3', keyId: 'vector', signature: der.toString('base64') };
    expect(verifySignature(SM2.message, signature, pem)).toBe(true);
    expect(verifySignature('message digesT', signature, pem)).toBe(false);
    const wrongS = hex(`3046022100${SM2.r}022100${SM2.s.replace(/A$/, 'B')}`);
    expect(verifySignature(SM2.message, { ...signature, signature: wrongS.toString('base64') }, pem)).toBe(false);
  });
});

describe('sealing at rest', () => {
  const key = randomBytes(32);

  it.each([
    [INTL, /^v1\./],
    [GM, /^gm1\./],
  ] as [CryptoSuite, RegExp][])('seals and opens under %s, and refuses a changed byte', (suite, format) => {
    const sealer = new Sealer(key, { suite });
    const sealed = sealer.seal('22010219800101123X');
    expect(sealed).toMatch(format);
    expect(sealed).not.toContain('22010219800101123X');
    expect(sealer.open(sealed)).toBe('22010219800101123X');
    expect(sealer.seal('22010219800101123X')).not.toBe(sealed);
    const [tag, iv, mac, body] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64');
    flipped[0] ^= 1;
    expect(() => sealer.open([tag, iv, mac, flipped.toString('base64')].join('.'))).toThrow(/does not open/);
  });

  it('opens what the other suite and a previous key sealed, and says so, for the re-sealing', () => {
    const old = new Sealer(key, { suite: INTL });
    const sealed = old.seal('13800138000');
    const rotated = new Sealer(randomBytes(32), { suite: GM, previous: [key] });
    expect(rotated.open(sealed)).toBe('13800138000');
    expect(rotated.stateOf(sealed)).toEqual({ suite: 'INTL', currentKey: false });
    expect(rotated.stateOf(rotated.seal('x'))).toEqual({ suite: 'GM', currentKey: true });
    expect(() => new Sealer(randomBytes(32), { suite: GM }).open(sealed)).toThrow(/does not open/);
  });

  it('keys look-ups per suite, and knows every form an unmoved value may still have', () => {
    const intl = new Sealer(key, { suite: INTL });
    const gm = new Sealer(key, { suite: GM });
    expect(intl.lookupHash('x')).toMatch(/^[0-9a-f]{64}$/);
    expect(gm.lookupHash('x')).toMatch(/^sm3:[0-9a-f]{64}$/);
    expect(gm.lookupHashes('x')).toEqual(expect.arrayContaining([intl.lookupHash('x'), gm.lookupHash('x')]));
  });
});

describe('signatures', () => {
  const secret = randomBytes(32);
  const file = Buffer.from('统计期间,2026-11-01,2026-11-30\r\n', 'utf8');

  it.each([
    [INTL, 'Ed25519'],
    [GM, 'SM2-SM3'],
  ] as [CryptoSuite, string][])(
    'under %s signs with %s, verifiable by the published key; a changed byte fails',
    (suite, algorithm) => {
      const signer = new Signer(secret, { suite });
      const signature = signer.sign(file);
      expect(signature.algorithm).toBe(algorithm);
      const [current] = signer.publicKeys();
      expect(current).toMatchObject({ algorithm, keyId: signature.keyId });
      expect(verifySignature(file, signature, current.pem)).toBe(true);
      expect(parseSignature(JSON.stringify(signature))).toEqual(signature);
      const changed = Buffer.from(file);
      changed[3] ^= 1;
      expect(verifySignature(changed, signature, current.pem)).toBe(false);
      const other = new Signer(randomBytes(32), { suite }).publicKeys()[0].pem;
      expect(verifySignature(file, signature, other)).toBe(false);
    },
  );

  it('keeps publishing the keys it signed with before a suite switch and a rotation', () => {
    const before = new Signer(secret, { suite: INTL }).sign(file);
    const after = new Signer(randomBytes(32), { suite: GM, previous: [secret] });
    expect(after.sign(file).algorithm).toBe('SM2-SM3');
    expect(after.verify(file, before)).toBe(true);
    expect(after.publicKeys().map((k) => k.keyId)).toContain(before.keyId);
  });

  it.runIf(hasOpenssl())('is checked by OpenSSL on its own: SM2 with SM3 and the default ID', () => {
    const signer = new Signer(secret, { suite: GM });
    const dir = mkdtempSync(join(tmpdir(), 'sm2-'));
    writeFileSync(join(dir, 'file'), file);
    writeFileSync(join(dir, 'file.sig'), Buffer.from(signer.sign(file).signature, 'base64'));
    writeFileSync(join(dir, 'key.pem'), signer.publicKeys()[0].pem);
    const args = ['dgst', '-sm3', '-verify', join(dir, 'key.pem'), '-sigopt', `distid:${SM2_DEFAULT_ID}`];
    expect(
      execFileSync('openssl', [...args, '-signature', join(dir, 'file.sig'), join(dir, 'file')]).toString(),
    ).toMatch(/Verified OK/);
  });
});

it('serialises with keys sorted, whatever order they were given in', () => {
  expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], e: undefined })).toBe('{"a":[{"c":"x","d":null}],"b":1}');
});

function hasOpenssl() {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
}
