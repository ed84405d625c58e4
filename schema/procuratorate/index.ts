import { federationRoots } from '../../auth/rules.js';
import { T15_REQUEST_REASONS, T16_ORDER_FILING, T16_UPHOLD_REASONS } from '../../resolvers/procedure/steps.js';
import { BACK_TRANSFER, NON_PROSECUTION, PROSECUTION } from '../../resolvers/procedure/after-filing.js';
import { CHARGES, NON_PROSECUTION_KINDS } from '../../resolvers/codes.js';
import { createBuilder } from '../builder.js';
import { enumOf } from '../enums.js';
import { addStepMutations } from '../steps.js';

/** The procuratorate's part: filing supervision (立案监督), then prosecution or not, and back-transfer with an opinion. */
export function buildProcuratorate() {
  const builder = createBuilder();
  builder.mutationType({});
  const Charge = enumOf(builder, 'Charge', CHARGES);
  const NonProsecutionKind = enumOf(builder, 'NonProsecutionKind', NON_PROSECUTION_KINDS);
  const stepPermissions = addStepMutations(builder, [
    { def: T15_REQUEST_REASONS, fields: (t) => ({ note: t.string() }) },
    { def: T16_UPHOLD_REASONS, fields: (t) => ({ reasons: t.string({ required: true }) }) },
    { def: T16_ORDER_FILING, fields: (t) => ({ reasons: t.string({ required: true }) }) },
    {
      def: PROSECUTION,
      fields: (t) => ({ procuratorateCaseNumber: t.string({ required: true }), defendants: t.stringList({ required: true }), charges: t.field({ type: [Charge], required: true }) }),
    },
    {
      def: NON_PROSECUTION,
      fields: (t) => ({ procuratorateCaseNumber: t.string({ required: true }), kind: t.field({ type: NonProsecutionKind, required: true }), reasons: t.string({ required: true }) }),
    },
    { def: BACK_TRANSFER, fields: (t) => ({ opinion: t.string({ required: true, description: '检察意见: what the bureau should do administratively.' }) }) },
  ]);
  return { builder, permissions: { Query: { ...federationRoots }, ...stepPermissions } };
}
