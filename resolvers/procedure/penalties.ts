import { eq, sql } from 'drizzle-orm';
import { batched, type Context } from '../../auth/context.js';
import { anyOf } from '../../db/any-of.js';
import { documents, penaltyDecisions, penaltyEnforcements, steps } from '../../db/schema.js';

export type PenaltyRow = typeof penaltyDecisions.$inferSelect & {
  documentNumber: string | null;
  finePaid: string;
  returned: string;
};

/** The bureau's decision on a matter (A1) with what has been paid and returned under it (A3); null before A1. */
export const penaltyOf = (ctx: Context, matterId: string) =>
  batched<string, PenaltyRow | null>(ctx, 'penalty', async (ids) => {
    const rows = await ctx.db
      .select({
        decision: penaltyDecisions,
        documentNumber: documents.number,
        finePaid: sql<string>`(select coalesce(sum(e.amount), 0)::numeric(18,2)::text from ${penaltyEnforcements} e
          where e.matter_id = ${penaltyDecisions.matterId} and e.kind = 'FINE_PAID')`,
        returned: sql<string>`(select coalesce(sum(e.amount), 0)::numeric(18,2)::text from ${penaltyEnforcements} e
          where e.matter_id = ${penaltyDecisions.matterId} and e.kind = 'RETURNED_TO_FUND')`,
      })
      .from(penaltyDecisions)
      .innerJoin(steps, eq(steps.id, penaltyDecisions.stepId))
      .leftJoin(documents, eq(documents.id, steps.documentId))
      .where(anyOf(penaltyDecisions.matterId, ids));
    return ids.map((id) => {
      const row = rows.find((r) => r.decision.matterId === id);
      return row
        ? { ...row.decision, documentNumber: row.documentNumber, finePaid: row.finePaid, returned: row.returned }
        : null;
    });
  }).load(matterId);
