import type { clocks } from '../../db/schema.js';
import { CLOCKS, type RunningClock } from '../steps/index.js';
import { type MatterRow, PARTY } from './step.js';

export interface ClockToOpen {
  code: string;
  agencyId: string;
  optional: boolean;
  variant?: string;
  from: Date;
}

type ClockRow = typeof clocks.$inferSelect;

/**
 * Which clocks a step ends and which it starts. A clock runs while the matter is in a stage its step follows, for
 * that side's party: it ends when its step is taken, when the matter leaves those stages, or when the party changes.
 */
export function clocksAfter<C extends Pick<ClockRow, 'code' | 'agencyId'>>(
  taken: string,
  before: MatterRow,
  after: MatterRow,
  open: C[],
  now: Date,
  defs: RunningClock[] = CLOCKS,
) {
  const ending = open.filter((c) => {
    const def = defs.find((d) => d.code === c.code);
    return c.code === taken || !def || !def.stages.includes(after.stage) || PARTY[def.side](after) !== c.agencyId;
  });
  const running = new Set(open.filter((c) => !ending.includes(c)).map((c) => c.code));
  const starting: ClockToOpen[] = [];
  for (const def of defs) {
    const agencyId = PARTY[def.side](after);
    if (running.has(def.code) || !agencyId || !def.stages.includes(after.stage)) continue;
    const entered = !def.stages.includes(before.stage) && (!def.opensAfter || def.opensAfter.includes(before.stage));
    const partyChanged = def.stages.includes(before.stage) && PARTY[def.side](before) !== agencyId;
    if (entered || partyChanged) starting.push({ code: def.code, agencyId, optional: !!def.optional, from: now });
  }
  return { ending, starting };
}

