import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, like, lt, or, sql } from 'drizzle-orm';
import type { Context, Viewer } from '../auth/context.js';
import type { Db } from '../db/client.js';
import { agencies, auditEvents, leads, matters } from '../db/schema.js';
import { divisionPrefix } from './agencies.js';
import { pageSize } from './validate.js';

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);
/** Serialises writers so the chain has one order; taken inside the caller's transaction. */
const CHAIN_LOCK = 7_305_001;

type Row = typeof auditEvents.$inferSelect;

/** jsonb reorders keys, so the hash is taken over keys in sorted order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function chainHash(prevHash: string, row: Omit<Row, 'seq' | 'prevHash' | 'hash'>) {
  const body = canonical([
    row.at.toISOString(),
    row.actorId,
    row.agencyId,
    row.position,
    row.action,
    row.targetType,
    row.targetId,
    row.detail,
  ]);
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/** Appends entries to the hash chain. Call it with the transaction that does the audited work. */
export async function recordAudit(tx: Db, viewer: Viewer | null, entries: AuditEntry[]) {
  if (entries.length === 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [last] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
  let prevHash = last?.hash ?? GENESIS;
  const at = new Date();
  const rows = entries.map((entry) => {
    const row = {
      at,
      actorId: viewer?.personId ?? null,
      agencyId: viewer?.agency.id ?? null,
      position: viewer?.position ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      detail: entry.detail ?? {},
    };
    const hash = chainHash(prevHash, row);
    const full = { ...row, prevHash, hash };
    prevHash = hash;
    return full;
  });
  await tx.insert(auditEvents).values(rows);
}

/** Walks the chain in order; returns the first row whose link or hash does not hold, or null when intact. */
export async function verifyAuditChain(db: Db): Promise<{ seq: number; reason: string } | null> {
  let prevHash = GENESIS;
  const batch = 5000;
  for (let after = 0; ; ) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.seq} > ${after}`)
      .orderBy(asc(auditEvents.seq))
      .limit(batch);
    for (const row of rows) {
      if (row.prevHash !== prevHash) return { seq: row.seq, reason: 'link to the previous entry is broken' };
      if (chainHash(row.prevHash, row) !== row.hash) return { seq: row.seq, reason: 'content does not match its hash' };
      prevHash = row.hash;
    }
    if (rows.length < batch) return null;
    after = rows[rows.length - 1].seq;
  }
}

const DENIALS = new Set(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED']);

/**
 * Writes what a request read of sensitive fields, and every denial it met, in one transaction. The subgraph calls it
 * before its response leaves; when it fails, the response is replaced by an error: nothing read goes unrecorded.
 */
export async function flushRequestAudit(ctx: Context, errors: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] = []) {
  const denials = errors
    .filter((e) => DENIALS.has(String(e.extensions?.code)))
    .map((e) => ({ action: 'denied', detail: { code: String(e.extensions?.code), path: e.path?.join('.') ?? null, message: e.message } }));
  const entries = [...ctx.audit, ...denials];
  if (entries.length === 0) return;
  await ctx.db.transaction((tx) => recordAudit(tx, ctx.viewer, entries));
}

/**
 * Audit entries a viewer may read: an MIB head those of its own staff and those about its own leads and matters;
 * a superior reviewer (auditor) those of every agency in the regions under it. Newest first.
 */
export async function listAuditEntries(ctx: Context, page: { first?: number | null; before?: number | null }) {
  const viewer = ctx.viewer;
  const first = pageSize(page.first, 50, 200);
  if (!viewer) return [];
  let scope;
  if (viewer.position === 'SUPERIOR_REVIEWER') {
    const under = ctx.db.select({ id: agencies.id }).from(agencies).where(like(agencies.divisionCode, `${divisionPrefix(viewer.agency.divisionCode)}%`));
    scope = inArray(auditEvents.agencyId, under);
  } else if (viewer.position === 'MIB_HEAD') {
    const ownLeads = ctx.db.select({ id: sql<string>`${leads.id}::text` }).from(leads).where(eq(leads.agencyId, viewer.agency.id));
    const ownMatters = ctx.db.select({ id: sql<string>`${matters.id}::text` }).from(matters).where(eq(matters.mibAgencyId, viewer.agency.id));
    scope = or(eq(auditEvents.agencyId, viewer.agency.id), inArray(auditEvents.targetId, ownLeads), inArray(auditEvents.targetId, ownMatters));
  } else {
    return [];
  }
  return ctx.db
    .select()
    .from(auditEvents)
    .where(and(scope, page.before ? lt(auditEvents.seq, page.before) : undefined))
    .orderBy(desc(auditEvents.seq))
    .limit(first);
}
