import { and, asc, eq, gt, isNotNull, sql } from 'drizzle-orm';
import type { Sealer } from '../domain/crypto.ts';
import { recordAudit } from './audit.ts';
import type { Db } from './client.ts';
import { leads, webhooks } from './schema.ts';

/** How far a re-sealing has come with one kind of sealed value. */
export interface ResealProgress {
  what: 'ID numbers' | 'webhook secrets';
  seen: number;
  total: number;
  moved: number;
}

/** Every column that holds a sealed value, with the look-up hash kept beside it where there is one. */
const SEALED = [
  {
    what: 'ID numbers',
    table: leads,
    id: leads.id,
    sealed: leads.subjectIdNumberSealed,
    rewrite: (tx: Db, sealer: Sealer, id: string, plain: string) =>
      tx
        .update(leads)
        .set({ subjectIdNumberSealed: sealer.seal(plain), subjectIdNumberHash: sealer.lookupHash(plain) })
        .where(eq(leads.id, id)),
  },
  {
    what: 'webhook secrets',
    table: webhooks,
    id: webhooks.id,
    sealed: webhooks.secretSealed,
    rewrite: (tx: Db, sealer: Sealer, id: string, plain: string) =>
      tx
        .update(webhooks)
        .set({ secretSealed: sealer.seal(plain) })
        .where(eq(webhooks.id, id)),
  },
] as const;

/**
 * Moves every sealed value to the current suite and data key (after HUB_CRYPTO changed, or HUB_DATA_KEY rotated),
 * a batch per transaction, in id order. A value already current is left as it is, so a run stopped halfway (or
 * killed) loses nothing and the next run finishes the rest. `stop()` is asked between batches.
 */
export async function resealAll(
  db: Db,
  sealer: Sealer,
  {
    batch = 500,
    onProgress = () => {},
    stop = () => false,
  }: { batch?: number; onProgress?: (progress: ResealProgress) => void; stop?: () => boolean } = {},
): Promise<{ done: boolean; progress: ResealProgress[] }> {
  const progress: ResealProgress[] = [];
  for (const column of SEALED) {
    const [{ total }] = await db
      .select({ total: sql<number>`count(*)::int` })
      .from(column.table)
      .where(isNotNull(column.sealed));
    const state: ResealProgress = { what: column.what, seen: 0, total, moved: 0 };
    progress.push(state);
    onProgress({ ...state });
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      if (stop()) return { done: false, progress };
      const moved = await db.transaction(async (tx) => {
        const rows = await tx
          .select({ id: column.id, sealed: column.sealed })
          .from(column.table)
          .where(and(isNotNull(column.sealed), gt(column.id, after)))
          .orderBy(asc(column.id))
          .limit(batch)
          .for('update');
        let count = 0;
        for (const row of rows) {
          const { plain, suite, currentKey } = sealer.openWithState(row.sealed!);
          if (suite === sealer.suite.name && currentKey) continue;
          await column.rewrite(tx, sealer, row.id, plain);
          count++;
        }
        if (count)
          await recordAudit(tx, null, [
            {
              action: 'DATA_RESEALED',
              targetType: 'Hub',
              detail: { what: column.what, count, suite: sealer.suite.name },
            },
          ]);
        return { rows: rows.length, count, last: rows.at(-1)?.id };
      });
      state.seen += moved.rows;
      state.moved += moved.count;
      if (moved.rows) onProgress({ ...state });
      if (!moved.last || moved.rows < batch) break;
      after = moved.last;
    }
  }
  return { done: true, progress };
}
