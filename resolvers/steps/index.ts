import type { Db } from '../../db/client.js';
import { clockRules } from '../../db/schema.js';
import { codeList } from '../../domain/codes.js';
import { type RegisteredAction, type RunningClock, registerSteps } from '../procedure/registry.js';
import type { StepModule } from '../procedure/step.js';
import penaltyDecision from './a1-penalty-decision.js';
import penaltyService from './a2-penalty-service.js';
import penaltyEnforcement from './a3-penalty-enforcement.js';
import caseClosing from './a4-case-closing.js';
import administrativeFollowUp from './administrative-follow-up.js';
import appeal from './appeal.js';
import backTransfer from './back-transfer.js';
import dualListing from './dual-listing.js';
import investigation from './investigation.js';
import judgment from './judgment.js';
import judgmentEffective from './judgment-effective.js';
import nonProsecution from './non-prosecution.js';
import proceeds from './proceeds.js';
import prosecution from './prosecution.js';
import reporterInformed from './reporter-informed.js';
import returnToFund from './return-to-fund.js';
import sendForProsecution from './send-for-prosecution.js';
import transferReport from './t01-transfer-report.js';
import transferDecision from './t02-transfer-decision.js';
import transfer from './t03-transfer.js';
import receipt from './t04-receipt.js';
import supplementRequest from './t05-supplement-request.js';
import supplement from './t06-supplement.js';
import forwardTransfer from './t07-forward-transfer.js';
import filingReview from './t08-filing-review.js';
import filingDecision from './t09-filing-decision.js';
import filingNotice from './t10-filing-notice.js';
import handOver from './t11-hand-over.js';
import reconsiderationRequest from './t12-reconsideration-request.js';
import reconsiderationDecision from './t13-reconsideration-decision.js';
import filingSupervision from './t14-filing-supervision.js';
import nonFilingReasons from './t15-non-filing-reasons.js';
import reasonsReview from './t16-reasons-review.js';
import filingAfterOrder from './t17-filing-after-order.js';
import designation from './t18-designation.js';
import withdrawal from './withdrawal.js';

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
