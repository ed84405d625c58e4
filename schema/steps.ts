import { takeStep } from '../resolvers/procedure/engine.ts';
import type { Side } from '../resolvers/procedure/step.ts';
import { STEP_ACTIONS } from '../resolvers/steps/index.ts';
import { guardFields, type HubBuilder } from './builder.ts';
import { inputTypeOf } from './input.ts';
import { guardedByParent, hasPosition } from './rules.ts';

const matterRefs = new WeakMap<HubBuilder, ReturnType<typeof makeMatterRef>>();
const makeMatterRef = (builder: HubBuilder) =>
  builder
    .externalRef('Matter', builder.selection<{ id: string }>('id'))
    .implement({ externalFields: (t) => ({ id: t.id() }), fields: () => ({}) });

/** The shared subgraph's Matter, as an agency subgraph refers to it: by key only. */
export function matterRef(builder: HubBuilder) {
  if (!matterRefs.has(builder)) {
    matterRefs.set(builder, makeMatterRef(builder));
    guardFields(builder, 'Matter', { id: guardedByParent });
  }
  return matterRefs.get(builder)!;
}

const capitalised = (name: string) => name[0].toUpperCase() + name.slice(1);

/**
 * One mutation per action of the procedure taken by `side`, named by the action, taking `matterId`, the input type
 * derived from the action's contract and an optional `idempotencyKey`, returning the matter (which the shared subgraph
 * resolves, inside the caller's slice). The shield rule admits the action's positions; the engine checks the agency,
 * the stage and the input.
 */
export function addStepMutations(builder: HubBuilder, side: Side) {
  const Matter = matterRef(builder);
  for (const registered of STEP_ACTIONS.values()) {
    const { module, action } = registered;
    if (action.side !== side) continue;
    const Input = inputTypeOf(builder, action.input, `${capitalised(action.name)}Input`);
    builder.mutationField(action.name, (t) =>
      t.field({
        type: Matter,
        nullable: true,
        description: `${module.code}: ${module.label}. Returns the matter, or null when the step moved it out of your slice (forwarding, designation).`,
        args: {
          matterId: t.arg.id({ required: true }),
          input: t.arg({ type: Input, required: true }),
          idempotencyKey: t.arg.string({
            description: 'Repeat the same key on a retry to get the first result, not a second step.',
          }),
          occurredAt: t.arg({
            type: 'DateTime',
            description:
              'When the act happened (receipt signed, decision made), if earlier than now: clocks count from it. Not before the previous step; more than the configured window back (7 days unless set) only by a head.',
          }),
        },
        resolve: async (_r, args, ctx) => ({
          id: (
            await takeStep(ctx, registered, args.matterId, args.input, {
              idempotencyKey: args.idempotencyKey,
              occurredAt: args.occurredAt,
            })
          ).id,
        }),
      }),
    );
    guardFields(builder, 'Mutation', { [action.name]: hasPosition(...action.positions) });
  }
}
