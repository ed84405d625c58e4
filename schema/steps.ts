import type { InputFieldBuilder, InputFieldRef } from '@pothos/core';
import { hasPosition, guardedByParent } from '../auth/rules.js';
import { STEP_CODES } from '../resolvers/codes.js';
import { takeStep, type StepDef } from '../resolvers/procedure/engine.js';
import type { HubBuilder, HubTypes } from './builder.js';

type Fields = (t: InputFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<HubTypes>, 'InputObject'>) => Record<string, InputFieldRef<PothosSchemaTypes.ExtendDefaultTypes<HubTypes>, unknown>>;

export interface StepMutation {
  def: StepDef;
  fields: Fields;
}

const matterRefs = new WeakMap<HubBuilder, ReturnType<typeof makeMatterRef>>();
const makeMatterRef = (builder: HubBuilder) =>
  builder.externalRef('Matter', builder.selection<{ id: string }>('id')).implement({ externalFields: (t) => ({ id: t.id() }), fields: () => ({}) });

/** The shared subgraph's Matter, as an agency subgraph refers to it: by key only. */
export function matterRef(builder: HubBuilder) {
  if (!matterRefs.has(builder)) matterRefs.set(builder, makeMatterRef(builder));
  return matterRefs.get(builder)!;
}

/** For a subgraph that adds fields of its own to Matter (the MIB's `subject`): register that ref instead. */
export function useMatterRef(builder: HubBuilder, ref: ReturnType<typeof makeMatterRef>) {
  matterRefs.set(builder, ref);
}

const capitalised = (name: string) => name[0].toUpperCase() + name.slice(1);

/**
 * One mutation per procedure step, named by the step's action, taking `matterId`, a typed `input` and an optional
 * `idempotencyKey`, returning the matter (which the shared subgraph resolves, inside the caller's slice).
 * The shield rule admits the step's positions; the engine checks the agency, the stage and the input.
 */
export function addStepMutations(builder: HubBuilder, mutations: StepMutation[]) {
  const Matter = matterRef(builder);
  for (const { def, fields } of mutations) {
    const Input = builder.inputType(`${capitalised(def.action)}Input`, { fields });
    builder.mutationField(def.action, (t) =>
      t.field({
        type: Matter,
        nullable: true,
        description: `${def.code}: ${STEP_CODES.labels[def.code]}. Returns the matter, or null when the step moved it out of your slice (forwarding, designation).`,
        args: {
          matterId: t.arg.id({ required: true }),
          input: t.arg({ type: Input, required: true }),
          idempotencyKey: t.arg.string({ description: 'Repeat the same key on a retry to get the first result, not a second step.' }),
        },
        resolve: async (_r, args, ctx) => ({ id: (await takeStep(ctx, def, args.matterId, args.input, args.idempotencyKey)).id }),
      }),
    );
  }
  return {
    Mutation: Object.fromEntries(mutations.map(({ def }) => [def.action, hasPosition(...def.positions)])),
    Matter: { id: guardedByParent },
  };
}
