import type { AdministrativeStage, Stage } from '../../domain/codes.ts';
import type { ClockDefaults, StepAction, StepModule } from './step.ts';

/**
 * The procedure's steps as the engine sees them. resolvers/steps/index.ts assembles the list and hands it over when it
 * is loaded, so the engine imports no step and the steps may use the engine's helpers without a cycle.
 */

export interface RegisteredAction {
  module: StepModule;
  action: StepAction;
}

export interface RunningClock extends ClockDefaults {
  code: string;
  /** The stages in which the clock runs: those its side's actions follow. */
  stages: Stage[];
  /** The administrative stages it runs in, when its side's actions name some (A1–A3); null: any. */
  administrativeStages: AdministrativeStage[] | null;
}

export type Follower = NonNullable<StepModule['follows']>;

export interface StepRegistry {
  /** Each mutation of the procedure by its name. */
  actions: ReadonlyMap<string, RegisteredAction>;
  /** The clocks of the procedure, each with the stages it runs in. */
  clocks: readonly RunningClock[];
  /** The modules' answers to another step's move of the matter, applied by the engine in order. */
  followers: readonly Follower[];
}

let registry: StepRegistry | undefined;

export function registerSteps(steps: StepRegistry) {
  registry = steps;
}

/** The registered steps; loading resolvers/steps/index.js registers them. */
export function registeredSteps(): StepRegistry {
  if (!registry) throw new Error('no steps are registered: import resolvers/steps/index.js first');
  return registry;
}
