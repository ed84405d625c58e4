import { and, asc, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import { batched, type Context } from '../../auth/context.ts';
import { can } from '../../auth/policy.ts';
import { anyOf } from '../../db/any-of.ts';
import { recordAudit } from '../../db/audit.ts';
import { consultations, matters } from '../../db/schema.ts';
import { CONSULTATION_KINDS } from '../../domain/codes.ts';
import { isWithinDivision } from '../../domain/divisions.ts';
import { forbidden, invalid, notFound } from '../../domain/errors.ts';
import { parseInput, zId, zMoney, zText } from '../../domain/validate.ts';
import { agencyOf } from '../agencies.ts';

/** Consultations around a matter, docs/procedure.md "Oversight and the public": on thresholds and evidence (G §23 ¶1) and fund-loss calculations (G §25). */

export type ConsultationRow = typeof consultations.$inferSelect;

export const askConsultationInput = z.object({
  kind: CONSULTATION_KINDS.schema,
  toAgencyId: zId,
  question: zText(8000).min(1, 'must not be empty'),
});
export const answerConsultationInput = z.object({
  answer: zText(8000).min(1, 'must not be empty'),
  lossAmount: zMoney.nullish().describe('For a loss calculation.'),
});

/**
 * A bureau asks the police or procuratorate for an opinion on thresholds and evidence; the police, procuratorate or
 * court ask the matter's bureau to calculate the fund's loss. Both ends must be parties to, or above, the matter.
 */
export async function askConsultation(ctx: Context, matterId: string, rawInput: unknown) {
  const viewer = ctx.viewer;
  if (!viewer) throw notFound('matter');
  const input = parseInput(askConsultationInput, rawInput);
  return ctx.db.transaction(async (tx) => {
    const [matter] = z.uuid().safeParse(matterId).success
      ? await tx.select().from(matters).where(eq(matters.id, matterId))
      : [];
    if (!matter || !can(viewer, 'matter:read', matter)) throw notFound('matter');
    const target = await agencyOf(tx, input.toAgencyId);
    if (!target) throw invalid('input.toAgencyId', 'is not a registered agency');
    if (input.kind === 'CONSULTATION') {
      if (viewer.agency.kind !== 'MIB') throw forbidden('a consultation is asked by the bureau (G §23 ¶1)');
      if (
        !['POLICE', 'PROCURATORATE'].includes(target.kind) ||
        !isWithinDivision(matter.regionCode, target.divisionCode)
      ) {
        throw invalid('input.toAgencyId', 'must be a police agency or procuratorate over the matter’s region');
      }
    } else {
      if (!['POLICE', 'PROCURATORATE', 'COURT'].includes(viewer.agency.kind)) {
        throw forbidden('a loss calculation is asked of the bureau by the police, procuratorate or court (G §25)');
      }
      if (target.id !== matter.mibAgencyId)
        throw invalid('input.toAgencyId', 'must be the bureau that transferred the matter');
    }
    const [row] = await tx
      .insert(consultations)
      .values({
        matterId,
        kind: input.kind,
        fromAgencyId: viewer.agency.id,
        toAgencyId: target.id,
        question: input.question,
        askedBy: viewer.personId,
        askedAt: new Date(),
      })
      .returning();
    await recordAudit(tx, viewer, [
      {
        action: 'CONSULTATION_ASKED',
        targetType: 'Consultation',
        targetId: row.id,
        detail: { matterId, kind: input.kind },
      },
    ]);
    return row;
  });
}

export async function answerConsultation(ctx: Context, id: string, rawInput: unknown) {
  const viewer = ctx.viewer;
  if (!viewer) throw notFound('consultation');
  const input = parseInput(answerConsultationInput, rawInput);
  return ctx.db.transaction(async (tx) => {
    const [row] = z.uuid().safeParse(id).success
      ? await tx.select().from(consultations).where(eq(consultations.id, id)).for('update')
      : [];
    if (!row || !can(viewer, 'consultation:answerThis', row)) throw notFound('consultation');
    if (row.answeredAt) throw invalid('id', 'was already answered');
    if (row.kind === 'LOSS_CALCULATION' && !input.lossAmount)
      throw invalid('input.lossAmount', 'a loss calculation gives the amount');
    const [answered] = await tx
      .update(consultations)
      .set({
        answer: input.answer,
        lossAmount: input.lossAmount ?? null,
        answeredBy: viewer.personId,
        answeredAt: new Date(),
      })
      .where(eq(consultations.id, id))
      .returning();
    await recordAudit(tx, viewer, [{ action: 'CONSULTATION_ANSWERED', targetType: 'Consultation', targetId: id }]);
    return answered;
  });
}

/** The matter's consultations that the viewer's agency asked or was asked; batched per request. */
export function consultationsOf(ctx: Context, matterId: string) {
  const agencyId = ctx.viewer?.agency.id ?? '';
  return batched<string, ConsultationRow[]>(ctx, 'consultations', async (ids) => {
    const rows = await ctx.db
      .select()
      .from(consultations)
      .where(
        and(
          anyOf(consultations.matterId, ids),
          or(eq(consultations.fromAgencyId, agencyId), eq(consultations.toAgencyId, agencyId)),
        ),
      )
      .orderBy(asc(consultations.askedAt));
    return ids.map((id) => rows.filter((r) => r.matterId === id));
  }).load(matterId);
}
