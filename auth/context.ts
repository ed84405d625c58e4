import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import type { Db } from '../db/client.ts';
import { rowsByIds } from '../db/prepared.ts';
import { agencies } from '../db/schema.ts';
import type { AuditEvent } from '../domain/audit.ts';
import type { Position } from '../domain/codes.ts';
import type { Sealer, Signer } from '../domain/crypto.ts';
import { unauthenticated } from '../domain/errors.ts';
import { identify } from './identity.ts';
import type { RefusalLog } from './refusals.ts';
import { TokenError, type Verifier } from './tokens.ts';

export type AgencyRow = typeof agencies.$inferSelect;

/** Who is calling, from the registry (auth/identity.ts): the token only names the person. */
export interface Viewer {
  personId: string;
  name: string;
  /** The position this request acts in: one of `positions`. */
  position: Position;
  positions: Position[];
  agency: AgencyRow;
}

export interface Context {
  /** null for an anonymous caller: the public. */
  viewer: Viewer | null;
  db: Db;
  sealer: Sealer;
  signer: Signer;
  requestId: string;
  /** Per-request batching, so that a list of N parents costs one query per field, not N (see `batched`). */
  loaders: Map<string, DataLoader<unknown, unknown>>;
  /** Sensitive reads of this request, written to the audit log before the response leaves the subgraph. */
  audit: AuditEvent[];
  settings: Settings;
}

/** Rules of the procedure a deployment may set. */
export interface Settings {
  /** How many days back a step may be dated by anyone but a head. */
  backdateDays: number;
  /** Statistics: a group of fewer matters or leads than this is shown as "<N", never as its count (domain/statistics.ts). */
  sdcThreshold: number;
  /** Monthly reports are frozen on this working day after the month ends (resolvers/reports/jobs.ts). */
  reportWorkday: number;
}

export interface Services {
  db: Db;
  sealer: Sealer;
  signer: Signer;
  verify: Verifier;
  settings: Settings;
  /** Where refused tokens are counted and audited. */
  refusals: RefusalLog;
}

/**
 * The request's loader named `name`: every `load` made while a list resolves goes to `batch` once. `batch` gets the
 * distinct keys and returns one value per key, in order.
 */
export function batched<K, V>(
  ctx: Pick<Context, 'loaders'>,
  name: string,
  batch: (keys: readonly K[]) => Promise<V[]>,
): DataLoader<K, V> {
  let loader = ctx.loaders.get(name) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch);
    ctx.loaders.set(name, loader as DataLoader<unknown, unknown>);
  }
  return loader;
}

/** An agency from the registry, batched per request; null for no id or an unknown one. */
export async function agencyById(
  ctx: Pick<Context, 'loaders' | 'db'>,
  id: string | null | undefined,
): Promise<AgencyRow | null> {
  if (!id) return null;
  const loader = batched<string, AgencyRow | null>(ctx, 'agency', async (ids) => {
    const rows = await rowsByIds(ctx.db, agencies, agencies.id)(ids);
    return ids.map((id) => rows.find((row) => row.id === id) ?? null);
  });
  return loader.load(id);
}

/**
 * The caller of a request, from its `authorization` header: a verified token whose person the registry knows, or
 * nobody (the public). Anything else is a generic 401, counted in the refusal log.
 */
export async function viewerOf(
  services: Pick<Services, 'db' | 'verify' | 'refusals'>,
  authorization: string | undefined,
  source: string,
  /** The registry's answer for this token and request, as the gateway stated it (auth/statement.ts). */
  stated: Viewer | null = null,
): Promise<Viewer | null> {
  if (!authorization) return null;
  try {
    const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/.exec(authorization);
    if (!match) throw new TokenError('not a bearer token');
    const claims = await services.verify(match[1]);
    return stated ?? (await identify(services.db, claims));
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    await services.refusals.refuse({ source, reason: error.message, claims: error.claims });
    throw unauthenticated();
  }
}

/**
 * Every subgraph builds its own context from the forwarded token, which it verifies itself; the gateway's word counts
 * only for what the registry answered about that token on this request.
 */
export async function contextFor(
  services: Services,
  authorization: string | undefined,
  requestId: string = randomUUID(),
  source = 'unknown',
  /** The caller, when already known for this authorization: by a gateway in this same process, or by `viewerOf`. */
  identified?: Viewer | null,
): Promise<Context> {
  return {
    db: services.db,
    sealer: services.sealer,
    signer: services.signer,
    settings: services.settings,
    requestId,
    loaders: new Map(),
    audit: [] as AuditEvent[],
    viewer: identified !== undefined ? identified : await viewerOf(services, authorization, source),
  };
}
