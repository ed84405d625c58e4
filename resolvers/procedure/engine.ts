import { randomUUID } from 'node:crypto';
import { and, eq, isNull, max, sql } from 'drizzle-orm';
import type { Context } from '../../auth/context.ts';
import { can } from '../../auth/policy.ts';
import { anyOf } from '../../db/any-of.ts';
import { recordAudit } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import {
  agencies,
  clocks,
  documentCounters,
  documents,
  matters,
  outcomeNotifications,
  steps,
} from '../../db/schema.ts';
import {
  ADMINISTRATIVE_STAGES,
  type AdministrativeStage,
  DOCUMENT_MARKS,
  type DocumentKind,
  POSITIONS,
  type Position,
  STAGES,
  type Stage,
} from '../../domain/codes.ts';
import { conflict, forbidden, invalid, notFound, wrongState } from '../../domain/errors.ts';
import { shanghaiDay } from '../../domain/time.ts';
import { parseInput } from '../../domain/validate.ts';
import { OUTCOMES_CHANNEL } from '../webhooks.ts';
import { currentCalendar } from './calendar.ts';
import { type ClockToOpen, clockRule, clocksAfter } from './clocks.ts';
import { dueAt } from './deadline.ts';
import { type RegisteredAction, registeredSteps } from './registry.ts';
import { type MatterRow, PARTY, recordOf, type StepAction, type StepContext, type StepEffect } from './step.ts';

const stageList = (stages: Stage[]) => stages.map((s) => `${s} (${STAGES.labels[s]})`).join(' or ');
const administrativeList = (stages: AdministrativeStage[]) =>
  stages.map((s) => `${s} (${ADMINISTRATIVE_STAGES.labels[s]})`).join(' or ');

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

/** Opens the clocks that start, each with its deadline from the rule table; the ones that do not apply are left out. */
export async function openClocks(
  s: Pick<StepContext, 'tx' | 'matter' | 'calendar'>,
  opening: ClockToOpen[],
  after: MatterRow,
) {
  const basis = after.basis;
  for (const open of opening) {
    const variant = open.variant ?? 'STANDARD';
    const def = registeredSteps().clocks.find((c) => c.code === open.code);
    if (def?.appliesTo && !(await def.appliesTo(s.tx, after))) continue;
    const rule = await clockRule(s.tx, open.code, basis, variant);
    if (!rule)
      throw invalid('input.variant', `${variant} is not a period of ${open.code} for a matter on the ${basis} basis`);
    const due = dueAt(open.from, rule, s.calendar);
    await s.tx.insert(clocks).values({
      matterId: s.matter.id,
      code: open.code,
      agencyId: open.agencyId,
      startedAt: open.from,
      variant,
      dueAt: due.dueAt,
      pendingReason: due.pendingReason,
      citation: rule.citation,
      optional: open.optional,
    });
  }
}

/** How far back a step may be dated by anyone but a head. */
const HEADS: Position[] = ['MIB_HEAD', 'POLICE_HEAD'];

/**
 * When the act happened: given, or now. Not in the future, not before the matter's previous step, and back-dated
 * beyond the window only by a head.
 */
async function occurrence(tx: Db, ctx: Context, matter: MatterRow, given: Date | null | undefined, now: Date) {
  if (!given) return now;
  if (Number.isNaN(given.getTime())) throw invalid('occurredAt', 'is not a valid instant');
  if (given.getTime() > now.getTime() + 60_000) throw invalid('occurredAt', 'must not be in the future');
  const [previous] = await tx
    .select({ at: max(steps.takenAt) })
    .from(steps)
    .where(eq(steps.matterId, matter.id));
  const floor = previous?.at ?? matter.createdAt;
  if (given < floor)
    throw invalid('occurredAt', `must not be before the matter's previous step (${floor.toISOString()})`);
  const days = ctx.settings.backdateDays;
  if (now.getTime() - given.getTime() > days * 86_400_000 && !HEADS.includes(ctx.viewer!.position)) {
    throw invalid(
      'occurredAt',
      `is more than ${days} days ago; only a head (主要负责人) may record a step that far back`,
    );
  }
  return given;
}

export interface StepOptions {
  idempotencyKey?: string | null;
  /** When the act happened, if earlier than now. */
  occurredAt?: Date | null;
}

/**
 * Takes one step of the procedure: the actor, the state and the input are checked, then in one transaction the step,
 * its document, its clocks, the matter's new stage, the notification to the bureau and the audit entry are written,
 * or nothing is. A retry with the same idempotency key waits for the first and gets its result.
 */
export async function takeStep(
  ctx: Context,
  { module, action }: RegisteredAction,
  matterId: string,
  rawInput: unknown,
  options: StepOptions = {},
) {
  const viewer = ctx.viewer;
  if (!viewer) throw notFound('matter');
  const { idempotencyKey } = options;
  if (idempotencyKey != null && !/^[\w-]{8,100}$/.test(idempotencyKey)) {
    throw invalid('idempotencyKey', 'must be 8–100 letters, digits, "-" or "_"');
  }
  const calendar = await currentCalendar(ctx.db);
  return ctx.db.transaction(async (tx) => {
    const [matter] = /^[0-9a-f-]{36}$/i.test(matterId)
      ? await tx.select().from(matters).where(eq(matters.id, matterId)).for('update')
      : [];
    if (!matter || !can(viewer, 'matter:read', matter)) throw notFound('matter');
    if (idempotencyKey) {
      // Checked under the matter's lock: a concurrent retry waits here for the first, then finds its step.
      const [earlier] = await tx
        .select({ matterId: steps.matterId, action: steps.action })
        .from(steps)
        .where(and(eq(steps.agencyId, viewer.agency.id), eq(steps.idempotencyKey, idempotencyKey)));
      if (earlier && (earlier.matterId !== matterId || earlier.action !== action.name)) {
        throw conflict('idempotencyKey was already used for another step; use a new key for a new request');
      }
      if (earlier) return matter;
    }
    const now = new Date();
    const occurredAt = await occurrence(tx, ctx, matter, options.occurredAt, now);
    const s: StepContext = { tx, ctx, viewer, matter, occurredAt, calendar, stepId: randomUUID() };
    const viewerMayTake = action.viewerAllowed
      ? action.viewerAllowed(s)
      : viewer.agency.kind === action.side && PARTY[action.side](matter) === viewer.agency.id;
    if (!viewerMayTake || !action.positions.includes(viewer.position)) {
      const positions = action.positions.map((p) => POSITIONS.labels[p]).join(' or ');
      throw forbidden(
        `${module.code} (${module.label}) is taken by ${positions} of the matter's ${action.side} party, not by ${viewer.agency.name} ${POSITIONS.labels[viewer.position]}`,
      );
    }
    if (!action.from.includes(matter.stage)) {
      throw wrongState(
        `${module.code} (${module.label}) follows ${stageList(action.from)}; the matter is ${matter.stage} (${STAGES.labels[matter.stage]})`,
      );
    }
    if (action.administrative && !action.administrative.includes(matter.administrativeStage)) {
      throw wrongState(
        `${module.code} (${module.label}) follows ${administrativeList(action.administrative)} of the administrative case; it is ${matter.administrativeStage} (${ADMINISTRATIVE_STAGES.labels[matter.administrativeStage]})`,
      );
    }
    const input = parseInput(action.input, rawInput);
    const effect = await action.run(s, input);
    const documentKind = typeof action.document === 'function' ? action.document(input, s) : action.document;
    let documentId: string | null = null;
    if (documentKind) {
      const number = await allocateDocumentNumber(tx, viewer.agency.id, documentKind, occurredAt);
      [{ id: documentId }] = await tx
        .insert(documents)
        .values({ matterId, kind: documentKind, number, agencyId: viewer.agency.id, issuedAt: occurredAt })
        .returning({ id: documents.id });
    }
    const stage = effect.stage ?? matter.stage;
    let administrativeStage = effect.administrativeStage ?? matter.administrativeStage;
    for (const follow of registeredSteps().followers)
      administrativeStage = follow(matter, stage, administrativeStage) ?? administrativeStage;
    const [updated] = await tx
      .update(matters)
      .set({ ...effect.patch, stage, administrativeStage, updatedAt: now })
      .where(eq(matters.id, matterId))
      .returning();
    const open = await tx
      .select()
      .from(clocks)
      .where(and(eq(clocks.matterId, matterId), isNull(clocks.closedAt)));
    const { ending, starting } = clocksAfter(module.code, matter, updated, open, occurredAt);
    const own = ending.find((c) => c.code === (action.dueBy ?? module.code));
    const [step] = await tx
      .insert(steps)
      .values({
        id: s.stepId,
        matterId,
        code: module.code,
        action: action.name,
        agencyId: viewer.agency.id,
        personId: viewer.personId,
        takenAt: occurredAt,
        recordedAt: now,
        dueAt: own?.dueAt ?? null,
        stageAfter: updated.stage,
        detail: storedRecord(action, input, effect),
        documentId,
        idempotencyKey: idempotencyKey ?? null,
      })
      .returning();
    if (ending.length) {
      await tx
        .update(clocks)
        .set({ closedAt: occurredAt, closedByStepId: step.id })
        .where(
          anyOf(
            clocks.id,
            ending.map((c) => c.id),
          ),
        );
    }
    if (effect.restartClock) {
      const def = registeredSteps().clocks.find((c) => c.code === module.code)!;
      starting.push({
        code: module.code,
        agencyId: PARTY[def.side](updated)!,
        optional: !!def.optional,
        ...effect.restartClock,
      });
    }
    await openClocks(s, starting, updated);
    const notifies = typeof action.notifiesMib === 'function' ? action.notifiesMib(input) : action.notifiesMib;
    if (notifies) {
      await tx.insert(outcomeNotifications).values({
        matterId,
        stepId: step.id,
        fromAgencyId: viewer.agency.id,
        toAgencyId: matter.mibAgencyId,
        documentId,
        createdAt: now,
      });
      // Heard at commit by the job worker, which sends the bureau's webhooks at once rather than at its next sweep.
      await tx.execute(sql`select pg_notify(${OUTCOMES_CHANNEL}, '')`);
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

/**
 * What a step says, as stored: its input as given, and what the step worked out (the team, the court, the
 * instance …), checked against the action's record (`recordOf`): every field must be declared there and fit it. A
 * mismatch is the hub's fault, not the caller's.
 */
export function storedRecord(action: StepAction, input: unknown, effect: StepEffect) {
  const detail: Record<string, unknown> = { ...(input as object), ...effect.detail };
  const checked = recordOf(action).schema.safeParse(detail);
  if (!checked.success)
    throw new Error(`${action.name} would store a record its schema refuses: ${checked.error.message}`);
  const declared = checked.data as Record<string, unknown>;
  const undeclared = Object.keys(detail).filter((key) => detail[key] !== undefined && !(key in declared));
  if (undeclared.length)
    throw new Error(`${action.name} would store fields its record does not declare: ${undeclared.join(', ')}`);
  return detail;
}
