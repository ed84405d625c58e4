import { createBuilder } from '../builder.js';
import { addStepMutations } from '../steps.js';

/** The police's steps: receipt, supplement request, forwarding, filing review and decision, reconsideration, after filing. */
export function buildPolice() {
  const builder = createBuilder();
  builder.mutationType({});
  addStepMutations(builder, 'POLICE');
  return builder;
}
