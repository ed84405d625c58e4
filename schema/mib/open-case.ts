import { openCase, openCaseInput } from '../../resolvers/procedure/matters.ts';
import { guardFields, type HubBuilder } from '../builder.ts';
import { inputTypeOf } from '../input.ts';
import { allowed } from '../rules.ts';
import { matterRef } from '../steps.ts';

/** The administrative case (行政案件) opened on a lead: the matter, under its control number to the end. */
export function addOpenCase(builder: HubBuilder) {
  builder.mutationField('openCase', (t) =>
    t.field({
      type: matterRef(builder),
      description:
        'Opens the administrative case (行政案件) for one of your leads; the matter keeps its control number to the end.',
      args: {
        leadId: t.arg.id({ required: true }),
        input: t.arg({ type: inputTypeOf(builder, openCaseInput, 'OpenCaseInput'), required: true }),
      },
      resolve: async (_r, args, ctx) => ({ id: (await openCase(ctx, args.leadId, args.input)).id }),
    }),
  );
  guardFields(builder, 'Mutation', { openCase: allowed('matter:open') });
}
