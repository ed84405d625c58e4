import { createBuilder } from '../builder.js';
import { addStepMutations } from '../steps.js';

/** The procuratorate's part: filing supervision (立案监督), then prosecution or not, and back-transfer with an opinion. */
export function buildProcuratorate() {
  const builder = createBuilder();
  builder.mutationType({});
  addStepMutations(builder, 'PROCURATORATE');
  return builder;
}
