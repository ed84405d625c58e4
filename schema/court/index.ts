import { createBuilder } from '../builder.ts';
import { addStepMutations } from '../steps.ts';

/** The court's part: judgments per defendant, appeals, effect, recovery. It sees only matters prosecuted to it. */
export function buildCourt() {
  const builder = createBuilder();
  builder.mutationType({});
  addStepMutations(builder, 'COURT');
  return builder;
}
