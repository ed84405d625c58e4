import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { steps } from '../../db/schema.ts';

/** The steps a matter has taken of one action, newest first: what a step checks against (the indictment, a receipt …). */
export function stepsOf(db: Db, matterId: string, action: string) {
  return db
    .select({ takenAt: steps.takenAt, detail: steps.detail })
    .from(steps)
    .where(and(eq(steps.matterId, matterId), eq(steps.action, action)))
    .orderBy(desc(steps.takenAt));
}

/** The newest step of one action on a matter, if it was taken; its detail is read through its step's record. */
export async function lastStep(db: Db, matterId: string, action: string) {
  const [row] = await stepsOf(db, matterId, action).limit(1);
  return row && { takenAt: row.takenAt, detail: row.detail as unknown };
}
