import { createBuilder } from '../builder.ts';
import { addStepMutations } from '../steps.ts';

/** The police's steps: receipt, supplement request, forwarding, filing review and decision, reconsideration, after filing. */
export function buildPolice() {
  const builder = createBuilder();
  builder.mutationType({});
  addStepMutations(builder, 'POLICE');
  return builder;
}
