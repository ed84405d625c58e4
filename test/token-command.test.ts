import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as jose from 'jose';
import { describe, expect, it } from 'vitest';
import { onPostgres } from './passes.ts';

const run = promisify(execFile);

describe.skipIf(onPostgres)('npm run token', () => {
  it('mints an ES256 token for a demo user from the development key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hub-token-'));
    const { stdout } = await run(process.execPath, ['scripts/token.ts', 'police-220102-head'], {
      env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development' },
    });
    const header = jose.decodeProtectedHeader(stdout.trim());
    const claims = jose.decodeJwt(stdout.trim());
    expect(header.alg).toBe('ES256');
    expect(claims).toMatchObject({
      sub: 'police-220102-head',
      position: 'POLICE_HEAD',
      aud: 'yibao-hub',
      iss: 'urn:yibao-hub:dev',
    });
  });

  it('refuses in production mode, and for an unknown user', async () => {
    await expect(
      run(process.execPath, ['scripts/token.ts', 'police-220102-head'], {
        env: { ...process.env, NODE_ENV: 'production' },
      }),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('development hub only') });
    const dataDir = mkdtempSync(join(tmpdir(), 'hub-token-'));
    await expect(
      run(process.execPath, ['scripts/token.ts', 'nobody'], {
        env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development' },
      }),
    ).rejects.toMatchObject({ code: 2 });
  });
});
