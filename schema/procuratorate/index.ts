import { createBuilder } from '../builder.ts';
import { addStepMutations } from '../steps.ts';

/** The procuratorate's part: filing supervision (立案监督), then prosecution or not, and back-transfer with an opinion. */
export function buildProcuratorate() {
  const builder = createBuilder();
  builder.mutationType({});
  addStepMutations(builder, 'PROCURATORATE');
  return builder;
}
