import type { Db } from '../../db/client.ts';
import { clockRules } from '../../db/schema.ts';
import { codeList } from '../../domain/codes.ts';
import { type RegisteredAction, type RunningClock, registerSteps } from '../procedure/registry.ts';
import type { StepModule } from '../procedure/step.ts';
import penaltyDecision from './a1-penalty-decision.ts';
import penaltyService from './a2-penalty-service.ts';
import penaltyEnforcement from './a3-penalty-enforcement.ts';
import caseClosing from './a4-case-closing.ts';
import administrativeFollowUp from './administrative-follow-up.ts';
import appeal from './appeal.ts';
import backTransfer from './back-transfer.ts';
import dualListing from './dual-listing.ts';
import investigation from './investigation.ts';
import judgment from './judgment.ts';
import judgmentEffective from './judgment-effective.ts';
import nonProsecution from './non-prosecution.ts';
import proceeds from './proceeds.ts';
import prosecution from './prosecution.ts';
import reporterInformed from './reporter-informed.ts';
import returnToFund from './return-to-fund.ts';
import sendForProsecution from './send-for-prosecution.ts';
import transferReport from './t01-transfer-report.ts';
import transferDecision from './t02-transfer-decision.ts';
import transfer from './t03-transfer.ts';
import receipt from './t04-receipt.ts';
import supplementRequest from './t05-supplement-request.ts';
import supplement from './t06-supplement.ts';
import forwardTransfer from './t07-forward-transfer.ts';
import filingReview from './t08-filing-review.ts';
import filingDecision from './t09-filing-decision.ts';
import filingNotice from './t10-filing-notice.ts';
import handOver from './t11-hand-over.ts';
import reconsiderationRequest from './t12-reconsideration-request.ts';
import reconsiderationDecision from './t13-reconsideration-decision.ts';
import filingSupervision from './t14-filing-supervision.ts';
import nonFilingReasons from './t15-non-filing-reasons.ts';
import reasonsReview from './t16-reasons-review.ts';
import filingAfterOrder from './t17-filing-after-order.ts';
import designation from './t18-designation.ts';
import withdrawal from './withdrawal.ts';

/** Every step of the procedure (docs/procedure.md), in the order of the tables there. Adding a step: a module and this line. */
export const STEP_MODULES = [
  penaltyDecision,
  penaltyService,
  penaltyEnforcement,
  caseClosing,
  transferReport,
  transferDecision,
  transfer,
  receipt,
  supplementRequest,
  supplement,
  forwardTransfer,
  filingReview,
  filingDecision,
  filingNotice,
  handOver,
  reconsiderationRequest,
  reconsiderationDecision,
  filingSupervision,
  nonFilingReasons,
  reasonsReview,
  filingAfterOrder,
  designation,
  reporterInformed,
  investigation,
  sendForProsecution,
  withdrawal,
  prosecution,
  nonProsecution,
  backTransfer,
  administrativeFollowUp,
  judgment,
  appeal,
  judgmentEffective,
  proceeds,
  returnToFund,
  dualListing,
] as const satisfies readonly StepModule[];

export type StepCode = (typeof STEP_MODULES)[number]['code'];

const modules: readonly StepModule[] = STEP_MODULES;

/** The step codes with their labels, as a code list (the GraphQL enum StepCode). */
export const STEP_CODES = codeList(
  'StepCode',
  Object.fromEntries(modules.map((m) => [m.code, m.label])) as Record<StepCode, string>,
);

/** Each mutation of the procedure by its name. */
export const STEP_ACTIONS = new Map<string, RegisteredAction>(
  modules.flatMap((module) => module.actions.map((action) => [action.name, { module, action }] as const)),
);

/** The modules' answers to another step's move of the matter (StepModule.follows), applied by the engine in order. */
export const FOLLOWERS = modules.flatMap((m) => (m.follows ? [m.follows] : []));

/** The clocks of the procedure, each with the stages it runs in. */
export const CLOCKS: RunningClock[] = modules.flatMap((m) => {
  if (!m.clock) return [];
  const own = m.actions.filter((a) => a.side === m.clock!.side);
  const administrative = own.flatMap((a) => a.administrative ?? []);
  return [
    {
      ...m.clock,
      code: m.code,
      stages: m.clock.runsIn ?? [...new Set(own.flatMap((a) => a.from))],
      administrativeStages:
        m.clock.runsInAdministrative ?? (administrative.length ? [...new Set(administrative)] : null),
    },
  ];
});

registerSteps({ actions: STEP_ACTIONS, clocks: CLOCKS, followers: FOLLOWERS });

type ClockRuleRow = typeof clockRules.$inferInsert;

/** The rule table's defaults, from the step modules. */
export const DEFAULT_CLOCK_RULES: ClockRuleRow[] = CLOCKS.flatMap((c) =>
  c.rules.map((r) => ({
    code: c.code,
    basis: r.basis ?? 'STANDARD',
    variant: r.variant ?? 'STANDARD',
    amount: r.amount,
    unit: r.unit,
    citation: r.citation,
  })),
);

/** Seeds the clock rule table; a row an operator changed is never overwritten. */
export async function seedClockRules(db: Db) {
  await db.insert(clockRules).values(DEFAULT_CLOCK_RULES).onConflictDoNothing();
}
