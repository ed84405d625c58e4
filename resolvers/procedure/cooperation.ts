import { and, asc, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Context } from '../../auth/context.js';
import { consultations, matters } from '../../db/schema.js';
import { isWithinDivision } from '../agencies.js';
import { recordAudit } from '../audit.js';
import { STAGES } from '../codes.js';
import { forbidden, invalid, notFound } from '../errors.js';
import { parseInput, zMoney, zText } from '../validate.js';
import { defineStep, matterAccess } from './engine.js';
import { agencyOf } from './steps.js';

/** Cooperation around a matter, domain.md §3.4: dual listing (J 五(二)), consultations (G §23 ¶1), loss calculations (G §25). */

const ANY_STAGE = STAGES.values;

/** The province bureau lists the matter, naming its head as responsible, and asks the province police to co-list it. */
export const PROPOSE_DUAL_LISTING = defineStep({
  code: 'DUAL_LISTING',
  action: 'proposeDualListing',
  side: 'MIB',
  positions: ['MIB_HEAD'],
  from: ANY_STAGE,
  input: z.object({ policeAgencyId: z.string().min(1) }),
  actorAllowed: (s) => s.viewer.agency.kind === 'MIB' && s.viewer.agency.level === 'PROVINCE' && isWithinDivision(s.matter.regionCode, s.viewer.agency.divisionCode),
  async run(s, input) {
    if (s.matter.dualListingPoliceAgencyId) throw invalid('matter', 'the matter is already listed');
    const police = await agencyOf(s.tx, input.policeAgencyId);
    if (!police || police.kind !== 'POLICE' || police.divisionCode !== s.viewer.agency.divisionCode) throw invalid('input.policeAgencyId', 'is not the province-level police of this province');
    return { patch: { dualListingPoliceAgencyId: police.id, dualListingMibHeadId: s.viewer.personId }, detail: { proposedTo: police.id } };
  },
});

/** The province police head confirms, and is named responsible; from then on both follow the matter's progress. */
export const CONFIRM_DUAL_LISTING = defineStep({
  code: 'DUAL_LISTING',
  action: 'confirmDualListing',
  side: 'POLICE',
  positions: ['POLICE_HEAD'],
  from: ANY_STAGE,
  input: z.object({ note: zText(2000).nullish() }),
  actorAllowed: (s) => s.viewer.agency.id === s.matter.dualListingPoliceAgencyId,
  notifiesMib: true,
  run(s, input) {
    if (s.matter.dualListedAt) throw invalid('matter', 'the matter is already listed');
    return { patch: { dualListingPoliceHeadId: s.viewer.personId, dualListedAt: s.now }, detail: { note: input.note ?? null } };
  },
});

export type ConsultationRow = typeof consultations.$inferSelect;

const askSchema = z.object({ kind: z.enum(['CONSULTATION', 'LOSS_CALCULATION']), toAgencyId: z.string().min(1), question: zText(8000).min(1, 'must not be empty') });

/**
 * A bureau asks the police or procuratorate for an opinion on thresholds and evidence; the police, procuratorate or
 * court ask the matter's bureau to calculate the fund's loss. Both ends must be parties to, or above, the matter.
 */
export async function askConsultation(ctx: Context, matterId: string, rawInput: unknown) {
  const viewer = ctx.viewer;
  if (!viewer) throw notFound('matter');
  const input = parseInput(askSchema, rawInput);
  return ctx.db.transaction(async (tx) => {
    const [matter] = z.uuid().safeParse(matterId).success ? await tx.select().from(matters).where(eq(matters.id, matterId)) : [];
    if (!matter || !matterAccess(viewer, matter)) throw notFound('matter');
    const target = await agencyOf(tx, input.toAgencyId);
    if (!target) throw invalid('input.toAgencyId', 'is not a registered agency');
    if (input.kind === 'CONSULTATION') {
      if (viewer.agency.kind !== 'MIB') throw forbidden('a consultation is asked by the bureau (G §23 ¶1)');
      if (!['POLICE', 'PROCURATORATE'].includes(target.kind) || !isWithinDivision(matter.regionCode, target.divisionCode)) {
        throw invalid('input.toAgencyId', 'must be a police agency or procuratorate over the matter’s region');
      }
    } else {
      if (!['POLICE', 'PROCURATORATE', 'COURT'].includes(viewer.agency.kind)) throw forbidden('a loss calculation is asked of the bureau by the police, procuratorate or court (G §25)');
      if (target.id !== matter.mibAgencyId) throw invalid('input.toAgencyId', 'must be the bureau that transferred the matter');
    }
    const [row] = await tx
      .insert(consultations)
      .values({ matterId, kind: input.kind, fromAgencyId: viewer.agency.id, toAgencyId: target.id, question: input.question, askedBy: viewer.personId, askedAt: new Date() })
      .returning();
    await recordAudit(tx, viewer, [{ action: 'consultation.ask', targetType: 'Consultation', targetId: row.id, detail: { matterId, kind: input.kind } }]);
    return row;
  });
}

export async function answerConsultation(ctx: Context, id: string, rawInput: unknown) {
  const viewer = ctx.viewer;
  if (!viewer) throw notFound('consultation');
  const input = parseInput(z.object({ answer: zText(8000).min(1, 'must not be empty'), lossAmount: zMoney.nullish() }), rawInput);
  return ctx.db.transaction(async (tx) => {
    const [row] = z.uuid().safeParse(id).success ? await tx.select().from(consultations).where(eq(consultations.id, id)).for('update') : [];
    if (!row || row.toAgencyId !== viewer.agency.id) throw notFound('consultation');
    if (row.answeredAt) throw invalid('id', 'was already answered');
    if (row.kind === 'LOSS_CALCULATION' && !input.lossAmount) throw invalid('input.lossAmount', 'a loss calculation gives the amount');
    const [answered] = await tx
      .update(consultations)
      .set({ answer: input.answer, lossAmount: input.lossAmount ?? null, answeredBy: viewer.personId, answeredAt: new Date() })
      .where(eq(consultations.id, id))
      .returning();
    await recordAudit(tx, viewer, [{ action: 'consultation.answer', targetType: 'Consultation', targetId: id }]);
    return answered;
  });
}

/** The matter's consultations that the viewer's agency asked or was asked. */
export function consultationsOf(ctx: Context, matterId: string) {
  const agencyId = ctx.viewer?.agency.id ?? '';
  return ctx.db
    .select()
    .from(consultations)
    .where(and(eq(consultations.matterId, matterId), or(eq(consultations.fromAgencyId, agencyId), eq(consultations.toAgencyId, agencyId))))
    .orderBy(asc(consultations.askedAt));
}
