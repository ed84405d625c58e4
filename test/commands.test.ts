import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { onPostgres } from './passes.ts';

/** Every command says how to use it without touching configuration or a database, and refuses an unknown option. */

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const COMMANDS = [
  ['token', 'scripts/token.ts', /npm run -s token -- <person id>/],
  ['calendar', 'scripts/calendar.ts', /import FILE \[NOTE\]/],
  ['audit:verify', 'scripts/audit-verify.ts', /hash chain/],
  ['db:migrate', 'scripts/migrate.ts', /--demo/],
  ['reseal', 'scripts/reseal.ts', /--batch N/],
  ['verify', 'scripts/verify.ts', /FILE SIGNATURE \[--key KEY\]/],
] as const;

// Each case is a process of its own that waits mostly on loading: they run side by side.
describe.skipIf(onPostgres)('commands', { concurrent: true }, () => {
  it.each(COMMANDS)(
    'npm run %s prints its usage on --help to stdout, exits 0, and opens nothing',
    async (_name, file, usage) => {
      const dataDir = join(mkdtempSync(join(tmpdir(), 'hub-cmd-')), 'data');
      const { stdout, stderr } = await run(process.execPath, [file, '--help'], {
        cwd: root,
        env: { ...process.env, DATA_DIR: dataDir },
      });
      expect(stdout).toMatch(usage);
      expect(stderr).toBe('');
      expect(existsSync(dataDir)).toBe(false);
    },
  );

  it.each(COMMANDS)(
    'npm run %s refuses an unknown option with its usage and exit code 2',
    async (_name, file, usage) => {
      const failure = await run(process.execPath, [file, '--bogus'], { cwd: root }).catch((e) => e);
      expect(failure.code).toBe(2);
      expect(failure.stderr).toMatch(/Unknown option '--bogus'/);
      expect(failure.stderr).toMatch(usage);
    },
  );
});
