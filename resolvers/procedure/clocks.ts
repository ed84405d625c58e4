import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clockRules, clocks, matters, steps } from '../../db/schema.ts';
import type { HolidayCalendar } from './calendar.ts';
import { dueAt } from './deadline.ts';
import { type RunningClock, registeredSteps } from './registry.ts';
import { type MatterRow, PARTY } from './step.ts';

export interface ClockToOpen {
  code: string;
  agencyId: string;
  optional: boolean;
  variant?: string;
  from: Date;
}

type ClockRow = typeof clocks.$inferSelect;

type Stages = Pick<MatterRow, 'stage' | 'administrativeStage'>;

/** Whether a clock runs while the matter is in these stages (criminal path and, for A1–A3, the administrative case). */
const runsWhile = (def: RunningClock, m: Stages) =>
  def.stages.includes(m.stage) &&
  (!def.administrativeStages || def.administrativeStages.includes(m.administrativeStage));

/**
 * Which clocks a step ends and which it starts. A clock runs while the matter is in a stage its step follows, for
 * that side's party: it ends when its step is taken, when the matter leaves those stages, or when the party changes.
 * `before` is null for a matter just opened.
 */
export function clocksAfter<C extends Pick<ClockRow, 'code' | 'agencyId'>>(
  taken: string,
  before: MatterRow | null,
  after: MatterRow,
  open: C[],
  now: Date,
  defs: readonly RunningClock[] = registeredSteps().clocks,
) {
  const ending = open.filter((c) => {
    const def = defs.find((d) => d.code === c.code);
    if (c.code === taken || !def) return true;
    return !def.persistent && (!runsWhile(def, after) || PARTY[def.side](after) !== c.agencyId);
  });
  const running = new Set(open.filter((c) => !ending.includes(c)).map((c) => c.code));
  const starting: ClockToOpen[] = [];
  for (const def of defs) {
    const agencyId = PARTY[def.side](after);
    if (running.has(def.code) || !agencyId || !runsWhile(def, after)) continue;
    const ranBefore = !!before && runsWhile(def, before);
    const entered = !ranBefore && (!def.opensAfter || (!!before && def.opensAfter.includes(before.stage)));
    const partyChanged = ranBefore && PARTY[def.side](before) !== agencyId;
    if (entered || partyChanged) starting.push({ code: def.code, agencyId, optional: !!def.optional, from: now });
  }
  return { ending, starting };
}

/** The period of a clock from the rule table: the matter's legal basis first, then the standard one. */
export async function clockRule(db: Db, code: string, basis: MatterRow['basis'], variant = 'STANDARD') {
  const rows = await db
    .select()
    .from(clockRules)
    .where(
      and(eq(clockRules.code, code), eq(clockRules.variant, variant), inArray(clockRules.basis, [basis, 'STANDARD'])),
    );
  return rows.find((r) => r.basis === basis) ?? rows.find((r) => r.basis === 'STANDARD');
}

/**
 * Computes the deadlines that were pending for want of a year's calendar, now that `calendar` may have it; the step
 * that met or missed such a clock gets its deadline too. Returns how many were computed.
 */
export async function computePendingClocks(db: Db, calendar: HolidayCalendar) {
  const pending = await db
    .select({ clock: clocks, basis: matters.basis, step: { id: steps.id, code: steps.code, action: steps.action } })
    .from(clocks)
    .innerJoin(matters, eq(matters.id, clocks.matterId))
    .leftJoin(steps, eq(steps.id, clocks.closedByStepId))
    .where(isNotNull(clocks.pendingReason));
  let computed = 0;
  for (const { clock, basis, step } of pending) {
    const rule = await clockRule(db, clock.code, basis, clock.variant);
    const due = rule && dueAt(clock.startedAt, rule, calendar);
    if (!due || due.pendingReason) continue;
    await db.transaction(async (tx) => {
      await tx.update(clocks).set({ dueAt: due.dueAt, pendingReason: null }).where(eq(clocks.id, clock.id));
      const own = step && (registeredSteps().actions.get(step.action)?.action.dueBy ?? step.code) === clock.code;
      if (own)
        await tx
          .update(steps)
          .set({ dueAt: due.dueAt })
          .where(and(eq(steps.id, step.id), isNull(steps.dueAt)));
    });
    computed++;
  }
  return computed;
}
