import { and, eq, sql } from 'drizzle-orm';
import { batched, type Context } from '../../auth/context.ts';
import { anyOf } from '../../db/any-of.ts';
import type { Db } from '../../db/client.ts';
import { documents, penaltyDecisions, penaltyEnforcements, steps } from '../../db/schema.ts';

export type PenaltyRow = typeof penaltyDecisions.$inferSelect & {
  documentNumber: string | null;
  finePaid: string;
  returned: string;
};

/** The penalty the bureau decided on a matter (A1, PENALISED): its document's number and its fine; undefined if none. */
export async function recordedPenalty(tx: Db, matterId: string) {
  const [recorded] = await tx
    .select({ number: documents.number, fine: penaltyDecisions.fine })
    .from(penaltyDecisions)
    .innerJoin(steps, eq(steps.id, penaltyDecisions.stepId))
    .innerJoin(documents, eq(documents.id, steps.documentId))
    .where(and(eq(penaltyDecisions.matterId, matterId), eq(penaltyDecisions.outcome, 'PENALISED')));
  return recorded;
}

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

const ARTICLE_NAMES: Record<string, string> = {
  REGULATION_38: '《医疗保障基金使用监督管理条例》第三十八条',
  REGULATION_39: '《医疗保障基金使用监督管理条例》第三十九条',
  REGULATION_40: '《医疗保障基金使用监督管理条例》第四十条',
  REGULATION_41: '《医疗保障基金使用监督管理条例》第四十一条',
};

/** A penalty decision as the public reads it: the article and each sanction with its amount, from the record. */
export function describePenalty(p: typeof penaltyDecisions.$inferSelect): string {
  if (p.outcome !== 'PENALISED') return '';
  const basis = p.article === 'OTHER_LAW' ? (p.otherBasis ?? '有关法律法规') : ARTICLE_NAMES[p.article ?? ''];
  const multiple = p.fineMultiple ? `（${Number(p.fineMultiple)}倍）` : '';
  return [
    `依据${basis}`,
    p.orderedReturn && `责令退回医保基金${p.orderedReturn}元`,
    p.fine && `处罚款${p.fine}元${multiple}`,
    p.serviceSuspensionMonths && `暂停相关责任部门涉及医保基金使用的医药服务${p.serviceSuspensionMonths}个月`,
    p.settlementSuspensionMonths && `暂停医疗费用联网结算${p.settlementSuspensionMonths}个月`,
  ]
    .filter(Boolean)
    .join('，');
}
