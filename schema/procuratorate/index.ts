import { federationRoots } from '../../auth/rules.js';
import { T15_REQUEST_REASONS, T16_ORDER_FILING, T16_UPHOLD_REASONS } from '../../resolvers/procedure/steps.js';
import { createBuilder } from '../builder.js';
import { addStepMutations } from '../steps.js';

/** The procuratorate's filing supervision (立案监督): reasons requested, reasons upheld, or an order to file. */
export function buildProcuratorate() {
  const builder = createBuilder();
  builder.mutationType({});
  const stepPermissions = addStepMutations(builder, [
    { def: T15_REQUEST_REASONS, fields: (t) => ({ note: t.string() }) },
    { def: T16_UPHOLD_REASONS, fields: (t) => ({ reasons: t.string({ required: true }) }) },
    { def: T16_ORDER_FILING, fields: (t) => ({ reasons: t.string({ required: true }) }) },
  ]);
  return { builder, permissions: { Query: { ...federationRoots }, ...stepPermissions } };
}
