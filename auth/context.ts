import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { eq } from 'drizzle-orm';
import { anyOf } from '../db/any-of.js';
import type { Db } from '../db/client.js';
import { agencies } from '../db/schema.js';
import type { Sealer } from '../db/seal.js';
import type { AuditEvent } from '../domain/audit.js';
import { POSITION_AGENCY_KIND, type Position } from '../domain/codes.js';
import { unauthenticated } from '../domain/errors.js';
import { TokenError, type Verifier } from './tokens.js';

export type AgencyRow = typeof agencies.$inferSelect;

export interface Viewer {
  personId: string;
  position: Position;
  agency: AgencyRow;
}

export interface Context {
  /** null for an anonymous caller: the public. */
  viewer: Viewer | null;
  db: Db;
  sealer: Sealer;
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
}

export interface Services {
  db: Db;
  sealer: Sealer;
  verify: Verifier;
  settings: Settings;
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
    const rows = await ctx.db.select().from(agencies).where(anyOf(agencies.id, ids));
    return ids.map((id) => rows.find((row) => row.id === id) ?? null);
  });
  return loader.load(id);
}

const agencyCache = new WeakMap<Db, Map<string, { row: AgencyRow | undefined; until: number }>>();

async function loadAgency(db: Db, id: string) {
  const cache = agencyCache.get(db) ?? new Map<string, { row: AgencyRow | undefined; until: number }>();
  agencyCache.set(db, cache);
  const hit = cache.get(id);
  if (hit && hit.until > Date.now()) return hit.row;
  const [row] = await db.select().from(agencies).where(eq(agencies.id, id));
  cache.set(id, { row, until: Date.now() + 60_000 });
  return row;
}

/** Every subgraph builds its own context from the forwarded token: it never trusts the gateway's word for who is calling. */
export async function contextFor(
  services: Services,
  authorization: string | undefined,
  requestId: string = randomUUID(),
): Promise<Context> {
  const base = {
    db: services.db,
    sealer: services.sealer,
    settings: services.settings,
    requestId,
    loaders: new Map(),
    audit: [] as AuditEvent[],
  };
  if (!authorization) return { ...base, viewer: null };
  const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/.exec(authorization);
  if (!match) throw unauthenticated();
  try {
    const claims = await services.verify(match[1]);
    const agency = await loadAgency(services.db, claims.agencyId);
    if (!agency || POSITION_AGENCY_KIND[claims.position] !== agency.kind)
      throw new TokenError('position does not fit agency');
    return { ...base, viewer: { personId: claims.personId, position: claims.position, agency } };
  } catch (error) {
    if (error instanceof TokenError) throw unauthenticated();
    throw error;
  }
}
