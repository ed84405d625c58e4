import { asc, desc, sql } from 'drizzle-orm';
import type { AuditEvent } from '../domain/audit.ts';
import { canonicalJson, cryptoSuite, type DigestAlgorithm, hasher, isDigestAlgorithm } from '../domain/crypto.ts';
import type { Db } from './client.ts';
import { auditEvents } from './schema.ts';

/** Who did it, as the audit log records it: a person acting in a position of an agency, or no one (the public). */
export interface AuditActor {
  personId: string;
  position: string;
  agency: { id: string };
}

const GENESIS = '0'.repeat(64);
/** Serialises writers so the chain has one order; taken inside the caller's transaction. */
const CHAIN_LOCK = 7_305_001;

type Row = typeof auditEvents.$inferSelect;

/** An entry's hash: of the previous entry's hash and its own content, with the digest the entry records. */
export function chainHash(prevHash: string, row: Omit<Row, 'seq' | 'prevHash' | 'hash'>) {
  // jsonb reorders keys: the hash is taken over keys in sorted order.
  const body = canonicalJson([
    row.at.toISOString(),
    row.actorId,
    row.agencyId,
    row.position,
    row.action,
    row.targetType,
    row.targetId,
    row.detail,
  ]);
  return hasher(row.hashAlgorithm).update(prevHash).update(body).digest('hex');
}

type Appended = Omit<Row, 'seq'>;

/** The columns an append writes, with their types and values. */
const INSERTED: [string, string, (row: Appended) => string | null][] = [
  ['at', 'timestamptz', (r) => r.at.toISOString()],
  ['actor_id', 'text', (r) => r.actorId],
  ['agency_id', 'text', (r) => r.agencyId],
  ['position', 'text', (r) => r.position],
  ['action', 'text', (r) => r.action],
  ['target_type', 'text', (r) => r.targetType],
  ['target_id', 'text', (r) => r.targetId],
  ['detail', 'jsonb', (r) => JSON.stringify(r.detail)],
  ['prev_hash', 'text', (r) => r.prevHash],
  ['hash', 'text', (r) => r.hash],
  ['hash_algorithm', 'text', (r) => r.hashAlgorithm],
];

/** A PostgreSQL array literal: both drivers pass it as text, whatever the element type it is cast to. */
const pgArray = (values: (string | null)[]) =>
  `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;

/** Who is told of each append, as it is written in its transaction (metrics: a rolled-back step is still counted). */
export const auditObservers = new Set<(events: AuditEvent[]) => void>();

/** Appends events to the hash chain. Call it with the transaction that does the audited work. */
export function recordAudit(tx: Db, actor: AuditActor | null, events: AuditEvent[]) {
  return appendToChain(tx, [{ actor, events }]);
}

interface Entries {
  actor: AuditActor | null;
  events: AuditEvent[];
}

/** The chain's lock is held from reading its last hash to the commit: one read, one insert, whatever the count. */
async function appendToChain(tx: Db, groups: Entries[]) {
  const all = groups.flatMap(({ actor, events }) => events.map((event) => ({ actor, event })));
  if (all.length === 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [last] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
  let prevHash = last?.hash ?? GENESIS;
  const at = new Date();
  const hashAlgorithm = cryptoSuite().digest;
  const rows = all.map(({ actor, event }) => {
    const row = {
      hashAlgorithm,
      at,
      actorId: actor?.personId ?? null,
      agencyId: actor?.agency.id ?? null,
      position: actor?.position ?? null,
      action: event.action,
      targetType: 'targetType' in event ? event.targetType : null,
      targetId: 'targetId' in event ? event.targetId : null,
      detail: 'detail' in event ? (event.detail as Record<string, unknown>) : {},
    };
    const hash = chainHash(prevHash, row);
    const full = { ...row, prevHash, hash };
    prevHash = hash;
    return full;
  });
  // One array parameter per column: the statement is the same for one event or a thousand.
  const arrays = INSERTED.map(([, type, value]) => sql`${sql.param(pgArray(rows.map(value)))}::${sql.raw(type)}[]`);
  const names = sql.raw(INSERTED.map(([name]) => name).join(', '));
  await tx.execute(
    sql`insert into ${auditEvents} (${names}) select ${names} from unnest(${sql.join(arrays, sql`, `)}) as e(${names})`,
  );
  for (const { events } of groups) for (const observe of auditObservers) observe(events);
}

/**
 * Entries that go with no change of their own (reads of ID numbers and informants, denials), from every request of
 * this process, appended together: whoever arrives while an append is under way joins the next one, so one turn of
 * the chain's lock and one transaction serve them all (a group commit). Each caller still waits until its own entries
 * are committed, and all the entries of a turn are written or none.
 */
class ReadAppender {
  private waiting: (Entries & { done: (error?: unknown) => void })[] = [];
  private busy = false;

  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  append(actor: AuditActor | null, events: AuditEvent[]) {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ actor, events, done: (error) => (error ? reject(error) : resolve()) });
      if (!this.busy) void this.drain();
    });
  }

  private async drain() {
    this.busy = true;
    while (this.waiting.length) {
      const turn = this.waiting.splice(0, 500);
      let failure: unknown;
      try {
        await this.db.transaction((tx) => appendToChain(tx, turn));
      } catch (error) {
        failure = error ?? new Error('audit append failed');
      }
      for (const entries of turn) entries.done(failure);
    }
    this.busy = false;
  }
}

const appenders = new WeakMap<Db, ReadAppender>();

/** Appends entries that accompany no write of their own, together with those of concurrent requests. */
export function recordReadAudit(db: Db, actor: AuditActor | null, events: AuditEvent[]) {
  if (events.length === 0) return Promise.resolve();
  let appender = appenders.get(db);
  if (!appender) {
    appender = new ReadAppender(db);
    appenders.set(db, appender);
  }
  return appender.append(actor, events);
}

/** Where the chain's digest changes: the first entry under each algorithm after the one before it. */
export interface AlgorithmChange {
  seq: number;
  from: DigestAlgorithm | null;
  to: DigestAlgorithm;
}

/**
 * Walks the chain in order, each entry with the digest it records; returns the first row whose link or hash does
 * not hold (null when intact) and the entries where the algorithm changed.
 */
export async function verifyAuditChain(
  db: Db,
): Promise<{ broken: { seq: number; reason: string } | null; entries: number; changes: AlgorithmChange[] }> {
  let prevHash = GENESIS;
  let entries = 0;
  let algorithm: DigestAlgorithm | null = null;
  const changes: AlgorithmChange[] = [];
  const result = (broken: { seq: number; reason: string } | null) => ({ broken, entries, changes });
  const batch = 5000;
  for (let after = 0; ; ) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.seq} > ${after}`)
      .orderBy(asc(auditEvents.seq))
      .limit(batch);
    for (const row of rows) {
      if (row.prevHash !== prevHash) return result({ seq: row.seq, reason: 'link to the previous entry is broken' });
      if (!isDigestAlgorithm(row.hashAlgorithm))
        return result({ seq: row.seq, reason: `unknown digest ${row.hashAlgorithm}` });
      if (row.hashAlgorithm !== algorithm) {
        changes.push({ seq: row.seq, from: algorithm, to: row.hashAlgorithm });
        algorithm = row.hashAlgorithm;
      }
      if (chainHash(row.prevHash, row) !== row.hash)
        return result({ seq: row.seq, reason: 'content does not match its hash' });
      prevHash = row.hash;
      entries++;
    }
    if (rows.length < batch) return result(null);
    after = rows[rows.length - 1].seq;
  }
}
