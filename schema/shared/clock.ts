import { agencyById } from '../../auth/context.ts';
import { myOpenClocks } from '../../resolvers/procedure/matters.ts';
import { STEP_CODES, type StepCode } from '../../resolvers/steps/index.ts';
import { guardFields, guardType, type HubBuilder } from '../builder.ts';
import { enumOf } from '../input.ts';
import { allowed, guardedByParent } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

/** A statutory period on a matter, and the query for an agency's own open duties. */
export function addClock(builder: HubBuilder, { Clock, Agency }: SharedRefs) {
  Clock.implement({
    description: 'A statutory period: who must act, by when, and on what legal basis.',
    fields: (t) => ({
      code: t.field({ type: enumOf(builder, STEP_CODES), resolve: (c) => c.code as StepCode }),
      step: t.string({ resolve: (c) => STEP_CODES.labels[c.code as StepCode] }),
      agency: t.field({
        type: Agency,
        description: 'The agency that must act.',
        resolve: async (c, _a, ctx) => (await agencyById(ctx, c.agencyId))!,
      }),
      variant: t.exposeString('variant', {
        description: 'Which period of the rule table runs: STANDARD, or an extension (VERIFY, MAJOR, EXTENDED …).',
      }),
      startedAt: t.expose('startedAt', { type: 'DateTime' }),
      dueAt: t.expose('dueAt', {
        type: 'DateTime',
        nullable: true,
        description: 'Null when the step is due at once (当场), or while the deadline is pending (see pendingReason).',
      }),
      pendingReason: t.exposeString('pendingReason', {
        nullable: true,
        description:
          'Why the deadline is not known yet (its year has no holiday calendar); it is computed once an operator adds the year.',
      }),
      remainingSeconds: t.int({
        nullable: true,
        description: 'Negative once overdue; null when closed or due at once.',
        resolve: (c) => (c.closedAt || !c.dueAt ? null : Math.floor((c.dueAt.getTime() - Date.now()) / 1000)),
      }),
      overdue: t.boolean({ resolve: (c) => !c.optional && !!c.dueAt && (c.closedAt ?? new Date()) > c.dueAt }),
      optional: t.exposeBoolean('optional', {
        description: 'A window the agency may use (a supplement request, a forwarding, an objection), not a duty.',
      }),
      basis: t.exposeString('citation'),
      closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    }),
  });
  guardType(builder, 'Clock', guardedByParent);

  builder.queryField('myClocks', (t) =>
    t.field({
      type: [Clock],
      description:
        "Your agency's open duties: overdue, due within the given hours, due at once (当场), or waiting for a year's calendar.",
      args: { withinHours: t.arg.int({ defaultValue: 72 }) },
      resolve: (_r, args, ctx) => myOpenClocks(ctx, args.withinHours ?? 72),
    }),
  );
  guardFields(builder, 'Query', { myClocks: allowed('clock:listOwn') });
}
