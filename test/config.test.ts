import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';

/**
 * The keys and the cryptographic suite as configuration reads them, in-process (test/lifecycle.test.ts shows, for
 * other variables, that a refusal is one line on stderr and exit code 2 before anything opens).
 */
const dataDir = () => mkdtempSync(join(tmpdir(), 'hub-config-'));
const key = () => randomBytes(32).toString('base64');
const problems = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('configuration of the keys and the suite', () => {
  it.each([
    [{ HUB_CRYPTO: 'SM' }, 'HUB_CRYPTO must be INTL or GM'],
    [{ HUB_SIGNING_KEY: 'short' }, 'HUB_SIGNING_KEY must be 32 bytes in base64 (openssl rand -base64 32)'],
    [
      { HUB_DATA_KEY_PREVIOUS: `${key()},nope` },
      'HUB_DATA_KEY_PREVIOUS must list 32-byte base64 keys, comma separated',
    ],
    [{ HUB_DATA_KEY_FILE: '/nonexistent/data-key' }, 'HUB_DATA_KEY_FILE: /nonexistent/data-key does not exist'],
    [
      { HUB_DATA_KEY: key(), HUB_DATA_KEY_FILE: '/etc/hostname' },
      'HUB_DATA_KEY and HUB_DATA_KEY_FILE are both set: keep one',
    ],
  ])('refuses %o in one line naming it', (env, message) => {
    expect(problems(env)).toEqual([message]);
  });

  it('demands the signing key in production, and reads keys from files (mounted secrets)', () => {
    const production = {
      NODE_ENV: 'production',
      HUB_ISSUERS: JSON.stringify([{ issuer: 'https://idp.example', jwks: 'file:/run/jwks.json' }]),
      HUB_DATA_KEY: key(),
      SUBGRAPH_SECRET_SHARED: 's',
      SUBGRAPH_SECRET_MIB: 's',
      SUBGRAPH_SECRET_POLICE: 's',
      SUBGRAPH_SECRET_PROCURATORATE: 's',
      SUBGRAPH_SECRET_COURT: 's',
    };
    expect(problems(production)).toEqual(['HUB_SIGNING_KEY must be set in production']);
    const file = join(dataDir(), 'signing-key');
    const signing = key();
    writeFileSync(file, `${signing}\n`);
    const config = loadConfig({ ...production, HUB_SIGNING_KEY_FILE: file, HUB_CRYPTO: 'GM' });
    expect(config.signingKey.toString('base64')).toBe(signing);
    expect(config.crypto).toBe('GM');
    expect(config.previousDataKeys).toEqual([]);
  });

  it('generates development keys once, in the data directory, and keeps them', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    const again = loadConfig({ DATA_DIR: dir });
    expect(first.crypto).toBe('INTL');
    expect(first.signingKey).toHaveLength(32);
    expect(again.signingKey.equals(first.signingKey)).toBe(true);
    expect(again.dataKey.equals(first.dataKey)).toBe(true);
  });
});
