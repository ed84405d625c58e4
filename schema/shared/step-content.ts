import { matterAccess } from '../../auth/policy.ts';
import { maskPersonName } from '../../domain/mask.ts';
import { findMatter } from '../../resolvers/procedure/matters.ts';
import { STEP_ACTIONS } from '../../resolvers/steps/index.ts';
import { guardType, type HubBuilder } from '../builder.ts';
import { type Held, type Masker, recordTypeOf } from '../input.ts';
import { allowed, guardedByParent } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

const capitalised = (name: string) => name[0].toUpperCase() + name.slice(1);

/** Persons' names in full for the parties to the matter; masked (张某某) for supervisors and analysts. */
const maskForReader: Masker = async (ctx, matterId, names) => {
  const matter = await findMatter(ctx, matterId);
  const access = matter && matterAccess(ctx.viewer, matter);
  const full = access?.role === 'PARTY' && ctx.viewer?.position !== 'MIB_ANALYST';
  return full ? names : names.map(maskPersonName);
};

/**
 * What each step says, readable field by field: one type per step action, read off its input contract (the step
 * records its input as given), joined in the StepContent union on the timeline. Each type's fields are guarded by the
 * timeline they are reached through; a T2 refusal's reasons are the bureau's only.
 */
export function addStepContent(builder: HubBuilder, { TimelineStep }: SharedRefs) {
  const types = new Map<string, ReturnType<typeof recordTypeOf>>();
  for (const [name, { action }] of STEP_ACTIONS) {
    types.set(name, recordTypeOf(builder, action.input, `${capitalised(name)}Content`, maskForReader));
  }
  const StepContent = builder.unionType('StepContent', {
    description: 'What a step says: its content as the acting agency recorded it.',
    types: [...types.values()],
    resolveType: (held: Held & { action?: string }) => `${capitalised(held.action!)}Content`,
  });
  builder.objectField(TimelineStep, 'content', (t) =>
    t.field({
      type: StepContent,
      nullable: true,
      resolve: (r) =>
        ({ value: r.step.detail as Record<string, unknown>, matterId: r.step.matterId, action: r.step.action }) as Held,
    }),
  );
  const nested = ['Attachment', 'DefendantJudgment'];
  for (const typeName of [...[...types.keys()].map((name) => `${capitalised(name)}Content`), ...nested]) {
    guardType(
      builder,
      typeName,
      guardedByParent,
      typeName === 'DecideTransferContent' ? { reasons: allowed('step:readRefusalReasons') } : {},
    );
  }
}
