import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Context } from '../../auth/context.js';
import { can } from '../../auth/policy.js';
import { recordAudit } from '../../db/audit.js';
import type { Db } from '../../db/client.js';
import {
  agencies,
  clockRules,
  clocks,
  documentCounters,
  documents,
  matters,
  outcomeNotifications,
  steps,
} from '../../db/schema.js';
import { DOCUMENT_MARKS, type DocumentKind, POSITIONS, STAGES, type Stage } from '../../domain/codes.js';
import { conflict, forbidden, invalid, notFound, wrongState } from '../../domain/errors.js';
import { parseInput } from '../../domain/validate.js';
import { CLOCKS, type RegisteredAction } from '../steps/index.js';
import { type ClockToOpen, clocksAfter } from './clocks.js';
import { currentCalendar } from './calendar.js';
import { deadline, shanghaiDay } from './deadline.js';
import { type MatterRow, PARTY, type StepContext } from './step.js';

const stageList = (stages: Stage[]) => stages.map((s) => `${s} (${STAGES.labels[s]})`).join(' or ');

/** The period of a clock from the rule table: the matter's legal basis first, then the standard one. */
async function clockRule(tx: Db, code: string, basis: MatterRow['basis'], variant = 'STANDARD') {
  const rows = await tx
    .select()
    .from(clockRules)
    .where(
      and(eq(clockRules.code, code), eq(clockRules.variant, variant), inArray(clockRules.basis, [basis, 'STANDARD'])),
    );
  return rows.find((r) => r.basis === basis) ?? rows.find((r) => r.basis === 'STANDARD');
}

/** The next number in an agency's series for a kind of document and a year: no gaps, no duplicates. */
export async function allocateDocumentNumber(tx: Db, agencyId: string, kind: DocumentKind, at: Date) {
  const year = Number(shanghaiDay(at).slice(0, 4));
  const [counter] = await tx
    .insert(documentCounters)
    .values({ agencyId, year, kind, last: 1 })
    .onConflictDoUpdate({
      target: [documentCounters.agencyId, documentCounters.year, documentCounters.kind],
      set: { last: sql`${documentCounters.last} + 1` },
    })
    .returning({ last: documentCounters.last });
  const [agency] = await tx.select({ shortName: agencies.shortName }).from(agencies).where(eq(agencies.id, agencyId));
  return `${agency.shortName}${DOCUMENT_MARKS[kind]}〔${year}〕${counter.last}号`;
}

async function openClocks(s: StepContext, opening: ClockToOpen[], basis: MatterRow['basis']) {
  for (const open of opening) {
    const rule = await clockRule(s.tx, open.code, basis, open.variant);
    if (!rule)
      throw invalid(
        'input.variant',
        `${open.variant} is not a period of ${open.code} for a matter on the ${basis} basis`,
      );
    await s.tx.insert(clocks).values({
      matterId: s.matter.id,
      code: open.code,
      agencyId: open.agencyId,
      startedAt: open.from,
      dueAt: rule.amount === null ? null : deadline(open.from, { amount: rule.amount, unit: rule.unit }, s.calendar),
      citation: rule.citation,
      optional: open.optional,
    });
  }
}

/**
 * Takes one step of the procedure: the actor, the state and the input are checked, then in one transaction the step,
 * its document, its clocks, the matter's new stage, the notification to the bureau and the audit entry are written,
 * or nothing is.
 */
export async function takeStep(
  ctx: Context,
  { module, action }: RegisteredAction,
  matterId: string,
  rawInput: unknown,
  idempotencyKey?: string | null,
) {
  const viewer = ctx.viewer;
  if (!viewer) throw notFound('matter');
  if (idempotencyKey != null && !/^[\w-]{8,100}$/.test(idempotencyKey))
    throw invalid('idempotencyKey', 'must be 8–100 letters, digits, "-" or "_"');
  const calendar = await currentCalendar(ctx.db);
  return ctx.db.transaction(async (tx) => {
    if (idempotencyKey) {
      const [earlier] = await tx
        .select({ matterId: steps.matterId, action: steps.action })
        .from(steps)
        .where(and(eq(steps.agencyId, viewer.agency.id), eq(steps.idempotencyKey, idempotencyKey)));
      if (earlier && (earlier.matterId !== matterId || earlier.action !== action.name)) {
        throw conflict('idempotencyKey was already used for another step; use a new key for a new request');
      }
      if (earlier) return (await tx.select().from(matters).where(eq(matters.id, earlier.matterId)))[0];
    }
    const [matter] = /^[0-9a-f-]{36}$/i.test(matterId)
      ? await tx.select().from(matters).where(eq(matters.id, matterId)).for('update')
      : [];
    if (!matter || !can(viewer, 'matter:read', matter)) throw notFound('matter');
    const now = new Date();
    const s: StepContext = { tx, ctx, viewer, matter, now, calendar };
    const actorOk = action.actorAllowed
      ? action.actorAllowed(s)
      : viewer.agency.kind === action.side && PARTY[action.side](matter) === viewer.agency.id;
    if (!actorOk || !action.positions.includes(viewer.position)) {
      throw forbidden(
        `${module.code} (${module.label}) is taken by ${action.positions.map((p) => POSITIONS.labels[p]).join(' or ')} of the matter's ${action.side} party, not by ${viewer.agency.name} ${POSITIONS.labels[viewer.position]}`,
      );
    }
    if (!action.from.includes(matter.stage)) {
      throw wrongState(
        `${module.code} (${module.label}) follows ${stageList(action.from)}; the matter is ${matter.stage} (${STAGES.labels[matter.stage]})`,
      );
    }
    const input = parseInput(action.input, rawInput);
    const effect = await action.run(s, input);
    const documentKind = typeof action.document === 'function' ? action.document(input) : action.document;
    let documentId: string | null = null;
    if (documentKind) {
      const number = await allocateDocumentNumber(tx, viewer.agency.id, documentKind, now);
      [{ id: documentId }] = await tx
        .insert(documents)
        .values({ matterId, kind: documentKind, number, agencyId: viewer.agency.id, issuedAt: now })
        .returning({ id: documents.id });
    }
    const [updated] = await tx
      .update(matters)
      .set({ ...effect.patch, stage: effect.stage ?? matter.stage, updatedAt: now })
      .where(eq(matters.id, matterId))
      .returning();
    const open = await tx
      .select()
      .from(clocks)
      .where(and(eq(clocks.matterId, matterId), isNull(clocks.closedAt)));
    const { ending, starting } = clocksAfter(module.code, matter, updated, open, now);
    const own = ending.find((c) => c.code === (action.dueBy ?? module.code));
    const [step] = await tx
      .insert(steps)
      .values({
        matterId,
        code: module.code,
        action: action.name,
        agencyId: viewer.agency.id,
        personId: viewer.personId,
        takenAt: now,
        dueAt: own?.dueAt ?? null,
        detail: effect.detail ?? {},
        documentId,
        idempotencyKey: idempotencyKey ?? null,
      })
      .returning();
    if (ending.length) {
      await tx
        .update(clocks)
        .set({ closedAt: now, closedByStepId: step.id })
        .where(
          inArray(
            clocks.id,
            ending.map((c) => c.id),
          ),
        );
    }
    if (effect.restartClock) {
      const def = CLOCKS.find((c) => c.code === module.code)!;
      starting.push({
        code: module.code,
        agencyId: PARTY[def.side](updated)!,
        optional: !!def.optional,
        ...effect.restartClock,
      });
    }
    await openClocks(s, starting, updated.basis);
    if (action.notifiesMib) {
      await tx.insert(outcomeNotifications).values({
        matterId,
        stepId: step.id,
        fromAgencyId: viewer.agency.id,
        toAgencyId: matter.mibAgencyId,
        documentId,
        createdAt: now,
      });
    }
    await recordAudit(tx, viewer, [
      {
        action: 'STEP_TAKEN',
        targetType: 'Matter',
        targetId: matterId,
        detail: { code: module.code, step: action.name, stepId: step.id },
      },
    ]);
    return updated;
  });
}
