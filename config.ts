import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { Settings } from './auth/context.ts';
import { DEV_ISSUER } from './auth/dev-key.ts';
import type { IssuerConfig } from './auth/tokens.ts';
import { CRYPTO_SUITES, type CryptoSuiteName } from './domain/crypto.ts';

import { SUBGRAPH_NAMES, type SubgraphName } from './schema/names.ts';
import { LOG_LEVELS } from './server/log.ts';
import type { TraceExporter } from './server/tracing.ts';

export { SUBGRAPH_NAMES, type SubgraphName };

export interface HubConfig {
  production: boolean;
  port: number;
  dataDir: string;
  topology?: 'in-process' | 'http';
  databaseUrl?: string;
  /** Production on embedded PGlite, asked for by name (HUB_EMBEDDED_DATABASE=yes). */
  embeddedDatabase: boolean;
  audience: string;
  issuers: IssuerConfig[];
  dataKey: Buffer;
  /** Data keys sealed values may still be under until `npm run reseal` moves them (a rotation). */
  previousDataKeys: Buffer[];
  /** The secret the hub's signing keys derive from (domain/crypto.ts, Signer), and those of earlier rotations. */
  signingKey: Buffer;
  previousSigningKeys: Buffer[];
  /** The cryptographic suite new data is protected with (HUB_CRYPTO). */
  crypto: CryptoSuiteName;
  /** Per-subgraph secret the gateway sends and each subgraph demands. */
  subgraphSecrets: Record<SubgraphName, string>;
  settings: Settings;
  /** The public feed: requests per minute and address without a token, and the address the public uses. */
  publicRateLimit?: number;
  publicUrl?: string;
  /** Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For names the caller. */
  trustedProxies?: string[];
  /** The largest signed file a document may carry. */
  maxFileBytes: number;
  /** The bearer token a Prometheus scraper presents at /metrics; without one, /metrics does not exist. */
  metricsToken?: string;
  /** Where traces go (`OTEL_TRACES_EXPORTER`); none unless asked. */
  traces: TraceExporter;
}

function readOrCreate(path: string, make: () => string) {
  if (!existsSync(path)) writeFileSync(path, make(), { mode: 0o600 });
  return readFileSync(path, 'utf8').trim();
}

/** A configuration problem: one line per variable at fault, printed before anything starts. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
    this.name = 'ConfigError';
  }
}

/** A 32-byte key in base64, as `openssl rand -base64 32` makes it. */
const isKey = (v: string) => /^[A-Za-z0-9+/]{43}=$/.test(v.trim());
const key = (name: string) =>
  z.string().refine(isKey, `${name} must be 32 bytes in base64 (openssl rand -base64 32)`).optional();
const keys = (name: string) =>
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every(isKey), `${name} must list 32-byte base64 keys, comma separated`);

/** A secret given as NAME, or read from the file NAME_FILE names (a mounted secret); a missing file is a problem. */
function fromFiles(env: NodeJS.ProcessEnv, names: string[]): { env: NodeJS.ProcessEnv; problems: string[] } {
  const out = { ...env };
  const problems: string[] = [];
  for (const name of names) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) problems.push(`${name} and ${name}_FILE are both set: keep one`);
    else if (!existsSync(file)) problems.push(`${name}_FILE: ${file} does not exist`);
    else out[name] = readFileSync(file, 'utf8').trim();
  }
  return { env: out, problems };
}

const SECRET_FILES = ['HUB_DATA_KEY', 'HUB_DATA_KEY_PREVIOUS', 'HUB_SIGNING_KEY', 'HUB_SIGNING_KEY_PREVIOUS'];

const whole = (name: string, fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .optional()
    .transform((v, issue) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!/^\d+$/.test(v) || n > max) {
        issue.addIssue({ code: 'custom', message: `${name} must be a whole number from 0 to ${max}, not "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const issuers = z
  .string()
  .optional()
  .transform((v, issue) => {
    if (!v) return undefined;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      issue.addIssue({
        code: 'custom',
        message: 'HUB_ISSUERS must be JSON: [{"issuer": "...", "jwks": "file:/path/jwks.json"}]',
      });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(
        z.object({
          issuer: z.string().min(1),
          jwks: z.string().regex(/^(file:\/|https?:\/\/)/, 'jwks must be file:/path or an http(s) URL'),
        }),
        { message: 'HUB_ISSUERS must be a list of {"issuer", "jwks"}' },
      )
      .min(1, 'HUB_ISSUERS must name at least one issuer')
      .optional(),
  );

/** The environment the hub reads, each variable checked with a message naming it. */
const ENV = z.object({
  NODE_ENV: z.string().optional(),
  PORT: whole('PORT', 4000, 65535),
  DATA_DIR: z.string().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'DATABASE_URL must be a postgres:// URL')
    .optional()
    .or(z.literal('')),
  HUB_EMBEDDED_DATABASE: z.enum(['yes', 'no', ''], { message: 'HUB_EMBEDDED_DATABASE must be yes or no' }).optional(),
  HUB_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'HUB_APP_ROLE must be a lower-case PostgreSQL name (letters, digits, _)')
    .optional()
    .or(z.literal('')),
  HUB_TOPOLOGY: z.enum(['in-process', 'http'], { message: 'HUB_TOPOLOGY must be in-process or http' }).optional(),
  HUB_AUDIENCE: z.string().min(1).optional(),
  HUB_ISSUERS: issuers,
  HUB_CRYPTO: z.enum(['', ...CRYPTO_SUITES], { message: 'HUB_CRYPTO must be INTL or GM' }).optional(),
  HUB_DATA_KEY: key('HUB_DATA_KEY'),
  HUB_DATA_KEY_PREVIOUS: keys('HUB_DATA_KEY_PREVIOUS'),
  HUB_SIGNING_KEY: key('HUB_SIGNING_KEY'),
  HUB_SIGNING_KEY_PREVIOUS: keys('HUB_SIGNING_KEY_PREVIOUS'),
  HUB_BACKDATE_DAYS: whole('HUB_BACKDATE_DAYS', 7, 3650),
  HUB_SDC_THRESHOLD: whole('HUB_SDC_THRESHOLD', 5, 1000),
  HUB_REPORT_WORKDAY: whole('HUB_REPORT_WORKDAY', 3, 20),
  HUB_PUBLIC_RATE_LIMIT: whole('HUB_PUBLIC_RATE_LIMIT', 120),
  HUB_TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .refine(
      (list) => list.every((entry) => /^[\d.:a-fA-F]+(\/\d{1,3})?$/.test(entry) && isIP(entry.split('/')[0]) > 0),
      'HUB_TRUSTED_PROXIES must list IP addresses or CIDR ranges, comma separated (e.g. 10.0.0.5,10.1.0.0/16)',
    ),
  HUB_PUBLIC_URL: z.url({ message: 'HUB_PUBLIC_URL must be a URL' }).optional(),
  HUB_MAX_FILE_BYTES: whole('HUB_MAX_FILE_BYTES', 20 * 1024 * 1024),
  HUB_METRICS_TOKEN: z.string().min(16, 'HUB_METRICS_TOKEN must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['', ...LOG_LEVELS], { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  OTEL_TRACES_EXPORTER: z
    .enum(['none', 'otlp', 'console'], { message: 'OTEL_TRACES_EXPORTER must be none, otlp or console' })
    .default('none'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be a URL' }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ message: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be a URL' }).optional(),
});

/** Reads the environment. In development the data directory holds generated keys; production demands them all. */
export function loadConfig(given: NodeJS.ProcessEnv = process.env): HubConfig {
  const { env, problems } = fromFiles(given, SECRET_FILES);
  if (problems.length) throw new ConfigError(problems);
  const parsed = ENV.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) =>
        i.message.includes(String(i.path[0])) ? i.message : `${String(i.path[0])}: ${i.message}`,
      ),
    );
  }
  const vars = parsed.data;
  const production = vars.NODE_ENV === 'production';
  const missing = production
    ? [
        'HUB_ISSUERS',
        'HUB_DATA_KEY',
        'HUB_SIGNING_KEY',
        ...SUBGRAPH_NAMES.map((n) => `SUBGRAPH_SECRET_${n.toUpperCase()}`),
      ].filter((name) => !env[name])
    : [];
  if (missing.length) throw new ConfigError(missing.map((name) => `${name} must be set in production`));
  const dataDir = resolve(vars.DATA_DIR ?? '.data');
  if (!production) mkdirSync(dataDir, { recursive: true });
  const devSecret = (name: string) => readOrCreate(join(dataDir, name), () => randomBytes(32).toString('base64'));
  const subgraphSecrets = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => {
      const variable = `SUBGRAPH_SECRET_${name.toUpperCase()}`;
      return [name, env[variable] || devSecret(`subgraph-secret-${name}`)];
    }),
  ) as Record<SubgraphName, string>;
  return {
    production,
    port: vars.PORT,
    dataDir,
    databaseUrl: vars.DATABASE_URL || undefined,
    embeddedDatabase: vars.HUB_EMBEDDED_DATABASE === 'yes',
    topology: vars.HUB_TOPOLOGY ?? 'in-process',
    audience: vars.HUB_AUDIENCE ?? 'yibao-hub',
    issuers: vars.HUB_ISSUERS ?? [{ issuer: DEV_ISSUER, jwks: `file:${join(dataDir, 'dev-jwks.json')}` }],
    dataKey: Buffer.from(vars.HUB_DATA_KEY ?? devSecret('dev-data-key'), 'base64'),
    previousDataKeys: vars.HUB_DATA_KEY_PREVIOUS.map((k) => Buffer.from(k, 'base64')),
    signingKey: Buffer.from(vars.HUB_SIGNING_KEY ?? devSecret('dev-signing-key'), 'base64'),
    previousSigningKeys: vars.HUB_SIGNING_KEY_PREVIOUS.map((k) => Buffer.from(k, 'base64')),
    crypto: vars.HUB_CRYPTO || 'INTL',
    subgraphSecrets,
    settings: {
      backdateDays: vars.HUB_BACKDATE_DAYS,
      sdcThreshold: vars.HUB_SDC_THRESHOLD,
      reportWorkday: vars.HUB_REPORT_WORKDAY,
    },
    publicRateLimit: vars.HUB_PUBLIC_RATE_LIMIT,
    trustedProxies: vars.HUB_TRUSTED_PROXIES,
    publicUrl: vars.HUB_PUBLIC_URL,
    maxFileBytes: vars.HUB_MAX_FILE_BYTES,
    metricsToken: vars.HUB_METRICS_TOKEN,
    traces: vars.OTEL_TRACES_EXPORTER,
  };
}

/** Runs an entry point: a configuration or start-up problem is one line per cause on stderr and exit code 2. */
export async function runEntry(main: () => Promise<void>) {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartError) {
      for (const line of error.message.split('\n')) console.error(line);
      process.exit(2);
    }
    throw error;
  }
}

/** A reason the hub cannot start that the operator can fix (a port in use, a locked data directory). */
export class StartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartError';
  }
}
