import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../config.ts';
import { onPostgres } from './passes.ts';

/** `npm start` as an operator runs it: bad configuration, a second start, a taken port, and a clean stop. */

const root = new URL('..', import.meta.url).pathname;
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['scripts/main.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  // 'close', not 'exit': a process that exits at once can do so before its stderr has been read.
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr })),
  );
  return { child, exited };
}

async function freePort() {
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function healthy(port: number, exited: Promise<unknown>) {
  let done = false;
  exited.then(() => {
    done = true;
  });
  while (!done) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return true;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

describe.skipIf(onPostgres)('npm start', () => {
  it.concurrent.each([
    ['PORT', 'abc', /^PORT must be a whole number from 0 to 65535, not "abc"$/],
    ['HUB_ISSUERS', 'notjson', /^HUB_ISSUERS must be JSON/],
    ['HUB_TOPOLOGY', 'grpc', /^HUB_TOPOLOGY must be in-process or http$/],
    ['DATABASE_URL', 'mysql://x', /^DATABASE_URL must be a postgres:\/\/ URL$/],
    ['OTEL_TRACES_EXPORTER', 'jaeger', /^OTEL_TRACES_EXPORTER must be none, otlp or console$/],
    ['LOG_LEVEL', 'verbose', /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent$/],
  ])('refuses %s=%s in one line naming it, before opening any database', async (name, value, message) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hub-config-'));
    const { exited } = start({ DATA_DIR: dataDir, [name]: value });
    const { code, stderr } = await exited;
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
  });

  it('refuses to guess in production: PGlite only when asked for by name, in a directory that exists', async () => {
    const production = {
      NODE_ENV: 'production',
      HUB_ISSUERS: JSON.stringify([{ issuer: 'https://idp.example', jwks: 'file:/nonexistent/jwks.json' }]),
      HUB_DATA_KEY: randomBytes(32).toString('base64'),
      HUB_SIGNING_KEY: randomBytes(32).toString('base64'),
      ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`SUBGRAPH_SECRET_${n.toUpperCase()}`, 'a-secret-for-the-test'])),
    };
    const dataDir = mkdtempSync(join(tmpdir(), 'hub-prod-'));
    const unnamed = await start({ ...production, DATA_DIR: dataDir }).exited;
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr.trim()).toBe(
      'DATABASE_URL must be set in production (or HUB_EMBEDDED_DATABASE=yes, to run on embedded PGlite in DATA_DIR)',
    );
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
    const missing = join(dataDir, 'not-made');
    const absent = await start({ ...production, HUB_EMBEDDED_DATABASE: 'yes', DATA_DIR: missing }).exited;
    expect(absent.code).toBe(2);
    expect(absent.stderr.trim()).toBe(`DATA_DIR ${missing} does not exist: create it, or set DATA_DIR`);
    expect(existsSync(missing)).toBe(false);
  });

  // Three embedded databases start one after another: on a busy 2-core machine that takes minutes, not seconds.
  it('locks its data directory, refuses a taken port, and stops cleanly on SIGTERM', { timeout: 300_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hub-life-'));
    const port = await freePort();
    const first = start({ DATA_DIR: dataDir, PORT: String(port) });
    expect(await healthy(port, first.exited)).toBe(true);

    const second = await start({ DATA_DIR: dataDir, PORT: String(await freePort()) }).exited;
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`DATA_DIR .* is in use by process ${first.child.pid}`));

    const otherDir = mkdtempSync(join(tmpdir(), 'hub-port-'));
    const taken = await start({ DATA_DIR: otherDir, PORT: String(port) }).exited;
    expect(taken.code).toBe(2);
    expect(taken.stderr.trim()).toBe(`PORT ${port} is in use on 127.0.0.1: stop what listens there, or set PORT`);
    expect(existsSync(join(otherDir, 'pgdata'))).toBe(false);

    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    expect(existsSync(join(dataDir, 'hub.lock'))).toBe(false);
  });
});
