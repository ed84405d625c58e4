import type { z } from 'zod';
import type { Context, Viewer } from '../../auth/context.ts';
import type { Db } from '../../db/client.ts';
import type { matters } from '../../db/schema.ts';
import type { AdministrativeStage, AgencyKind, DocumentKind, LegalBasis, Position, Stage } from '../../domain/codes.ts';
import type { HolidayCalendar } from './calendar.ts';
import type { PeriodUnit } from './deadline.ts';

export type MatterRow = typeof matters.$inferSelect;
export type Side = Extract<AgencyKind, 'MIB' | 'POLICE' | 'PROCURATORATE' | 'COURT'>;

/** The matter's party on each side of the procedure. */
export const PARTY: Record<Side, (m: MatterRow) => string | null> = {
  MIB: (m) => m.mibAgencyId,
  POLICE: (m) => m.policeAgencyId,
  PROCURATORATE: (m) => m.procuratorateAgencyId,
  COURT: (m) => m.courtAgencyId,
};

export interface ClockRuleDefault {
  /** null: at once (当场). */
  amount: number | null;
  unit: PeriodUnit;
  citation: string;
  /** An extension of the period (T8: VERIFY, MAJOR …); STANDARD when not given. */
  variant?: string;
  basis?: LegalBasis;
}

/**
 * A step's statutory period. It runs while the matter is in a stage its `side`'s actions follow, for that side's
 * party, and ends when the step is taken or the matter moves on.
 */
export interface ClockDefaults {
  side: Side;
  /** The defaults the rule table is seeded with; an operator may change them there. */
  rules: ClockRuleDefault[];
  /** A window the agency may use rather than a duty: never reported overdue. */
  optional?: boolean;
  /** Only entering from these stages starts the clock (by default, entering from any stage outside its own). */
  opensAfter?: Stage[];
  /** The stages the clock runs in, when not all those its side's actions follow. */
  runsIn?: Stage[];
  /** The administrative stages it runs in, when not all those its side's actions follow (A1–A3). */
  runsInAdministrative?: AdministrativeStage[];
  /** A duty that stays until its step is taken, whatever stage the matter moves to. */
  persistent?: boolean;
  /** Whether the matter has this duty at all (a real-name reporter to tell, say); every matter has it by default. */
  appliesTo?: (tx: Db, matter: MatterRow) => Promise<boolean>;
}

export interface StepContext {
  tx: Db;
  ctx: Context;
  viewer: Viewer;
  matter: MatterRow;
  /** When the act happened: now, or the moment the caller gave (back-dated within the window). */
  occurredAt: Date;
  calendar: HolidayCalendar;
  /** The id the step's row will have: a record the step writes beside it (A1's decision) points to it. */
  stepId: string;
}

export type MatterPatch = Partial<
  Pick<
    MatterRow,
    | 'policeAgencyId'
    | 'procuratorateAgencyId'
    | 'courtAgencyId'
    | 'basis'
    | 'policeCaseNumber'
    | 'procuratorateCaseNumber'
    | 'courtCaseNumber'
    | 'dualListingPoliceAgencyId'
    | 'dualListingMibHeadId'
    | 'dualListingPoliceHeadId'
    | 'dualListedAt'
  >
>;

export interface StepEffect {
  stage?: Stage;
  administrativeStage?: AdministrativeStage;
  patch?: MatterPatch;
  /** Restarts the step's own clock with another period (T8's extensions), counted from `from`. */
  restartClock?: { variant: string; from: Date };
  detail?: Record<string, unknown>;
}

/**
 * A function of an action's parsed input, typed as a method so that an action of any input is a `StepAction`: the
 * engine only ever passes an action the input its own schema parsed.
 */
type OfInput<A extends unknown[], R> = { call(...args: A): R }['call'];

export interface StepAction<I extends z.ZodType = z.ZodType> {
  /** The mutation's name, also the step's name in the timeline and the audit log. */
  name: string;
  side: Side;
  positions: Position[];
  from: Stage[];
  /** The bureau's own case must also be in one of these stages (A1–A4); any, when not given. */
  administrative?: AdministrativeStage[];
  /** The one contract for the step's input: it validates, and the GraphQL input type is derived from it. */
  input: I;
  /** The document the step issues, numbered in the acting agency's series. */
  document?: DocumentKind | OfInput<[input: z.output<I>, s: StepContext], DocumentKind>;
  /** The clock whose deadline the step meets or misses, when it is not the step's own (T9 decides within T8). */
  dueBy?: string;
  /** An outcome the bureau that transferred the matter must be told of (G §24 ¶2). */
  notifiesMib?: boolean | OfInput<[input: z.output<I>], boolean>;
  /** What the step stores, when it is more than its input as given (see `recordOf`). */
  record?: StepRecord;
  /** Replaces the default check of the viewer (their agency is the matter's party on `side`). */
  viewerAllowed?: (s: StepContext) => boolean;
  run(s: StepContext, input: z.output<I>): Promise<StepEffect> | StepEffect;
}

export interface StepModule {
  code: string;
  label: string;
  clock?: ClockDefaults;
  actions: StepAction[];
  /**
   * How the administrative case answers another step's move of the matter (A4: a case closed as transferred is
   * reopened when the police or the procuratorate hand it back). Returns the administrative stage, or nothing.
   */
  follows?: (
    before: MatterRow,
    stage: Stage,
    administrativeStage: AdministrativeStage,
  ) => AdministrativeStage | undefined;
}

/**
 * What an action stores as its step's detail (its input as given, with what `run` worked out): the engine checks
 * every write against `schema`, and readers get a stored detail back typed by `read`, so renaming a stored field
 * fails the type check where it is read.
 */
export interface StepRecord<S extends z.ZodType = z.ZodType> {
  schema: S;
  read: (detail: unknown) => z.output<S>;
}

export const stepRecord = <S extends z.ZodType>(schema: S): StepRecord<S> => ({
  schema,
  read: (detail) => detail as z.output<S>,
});

const inputRecords = new WeakMap<z.ZodType, StepRecord>();

/** The record an action stores: the one it declares, or else its input as given. */
export function recordOf(action: StepAction): StepRecord {
  if (action.record) return action.record;
  let record = inputRecords.get(action.input);
  if (!record) {
    record = stepRecord(action.input);
    inputRecords.set(action.input, record);
  }
  return record;
}

/** Keeps each action's input type, so `run` sees the parsed input. */
export const action = <I extends z.ZodType>(def: StepAction<I>): StepAction => def;

export const defineStep = <const C extends string>(module: StepModule & { code: C }) => module;
