import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Settings } from './auth/context.js';
import { DEV_ISSUER } from './auth/dev-key.js';
import type { IssuerConfig } from './auth/tokens.js';

import { SUBGRAPH_NAMES, type SubgraphName } from './schema/index.js';

export { SUBGRAPH_NAMES, type SubgraphName };

export interface HubConfig {
  production: boolean;
  port: number;
  dataDir: string;
  databaseUrl?: string;
  audience: string;
  issuers: IssuerConfig[];
  dataKey: Buffer;
  /** Per-subgraph secret the gateway sends and each subgraph demands. */
  subgraphSecrets: Record<SubgraphName, string>;
  settings: Settings;
  /** The public feed: requests per minute and address without a token, and the address the public uses. */
  publicRateLimit?: number;
  publicUrl?: string;
  /** The largest signed file a document may carry. */
  maxFileBytes: number;
}

function readOrCreate(path: string, make: () => string) {
  if (!existsSync(path)) writeFileSync(path, make(), { mode: 0o600 });
  return readFileSync(path, 'utf8').trim();
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number) {
  const value = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, not "${env[name]}"`);
  return value;
}

/** Reads the environment. In development the data directory holds generated keys; production demands them all. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR ?? '.data');
  const need = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} must be set in production`);
    return value;
  };
  if (!production) mkdirSync(dataDir, { recursive: true });
  const devSecret = (name: string) => readOrCreate(join(dataDir, name), () => randomBytes(32).toString('base64'));
  const subgraphSecrets = Object.fromEntries(
    [...SUBGRAPH_NAMES].map((name) => {
      const variable = `SUBGRAPH_SECRET_${name.toUpperCase()}`;
      return [name, production ? need(variable) : (env[variable] ?? devSecret(`subgraph-secret-${name}`))];
    }),
  ) as Record<SubgraphName, string>;
  return {
    production,
    port: Number(env.PORT ?? 4000),
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    audience: env.HUB_AUDIENCE ?? 'yibao-hub',
    issuers: env.HUB_ISSUERS
      ? JSON.parse(env.HUB_ISSUERS)
      : production
        ? (need('HUB_ISSUERS') as never)
        : [{ issuer: DEV_ISSUER, jwks: `file:${join(dataDir, 'dev-jwks.json')}` }],
    dataKey: Buffer.from(production ? need('HUB_DATA_KEY') : (env.HUB_DATA_KEY ?? devSecret('dev-data-key')), 'base64'),
    subgraphSecrets,
    settings: { backdateDays: wholeNumber(env, 'HUB_BACKDATE_DAYS', 7) },
    publicRateLimit: wholeNumber(env, 'HUB_PUBLIC_RATE_LIMIT', 120),
    publicUrl: env.HUB_PUBLIC_URL || undefined,
    maxFileBytes: wholeNumber(env, 'HUB_MAX_FILE_BYTES', 20 * 1024 * 1024),
  };
}
