import { agencyById } from '../../auth/context.ts';
import { STEP_CODES, type StepCode } from '../../resolvers/steps/index.ts';
import { guardType, type HubBuilder } from '../builder.ts';
import { enumOf } from '../input.ts';
import { guardedByParent } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

/** One step of a matter's history, with its document and its deadline. */
export function addTimelineStep(builder: HubBuilder, { TimelineStep, Agency, Document }: SharedRefs) {
  TimelineStep.implement({
    fields: (t) => ({
      code: t.field({ type: enumOf(builder, STEP_CODES), resolve: (r) => r.step.code as StepCode }),
      step: t.string({ resolve: (r) => STEP_CODES.labels[r.step.code as StepCode] }),
      action: t.string({ resolve: (r) => r.step.action }),
      agency: t.field({ type: Agency, resolve: async (r, _a, ctx) => (await agencyById(ctx, r.step.agencyId))! }),
      personId: t.id({ resolve: (r) => r.step.personId }),
      occurredAt: t.field({
        type: 'DateTime',
        description: 'When the act happened; clocks count from it.',
        resolve: (r) => r.step.takenAt,
      }),
      recordedAt: t.field({
        type: 'DateTime',
        description: 'When the step was recorded in the hub.',
        resolve: (r) => r.step.recordedAt,
      }),
      takenAt: t.field({ type: 'DateTime', deprecationReason: 'Use occurredAt.', resolve: (r) => r.step.takenAt }),
      dueAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.step.dueAt }),
      late: t.boolean({
        description: 'Taken after its deadline.',
        resolve: (r) => !!r.step.dueAt && r.step.takenAt > r.step.dueAt,
      }),
      document: t.field({ type: Document, nullable: true, resolve: (r) => r.document }),
    }),
  });
  guardType(builder, 'TimelineStep', guardedByParent);
}
