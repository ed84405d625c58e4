import { createBuilder, guardFields } from '../builder.ts';
import { allowed, guardedByParent } from '../rules.ts';
import { addStepMutations } from '../steps.ts';
import { addExposure } from './exposure.ts';
import { addExposureEntry } from './exposure-entry.ts';
import { addInformant } from './informant.ts';
import { addLead } from './lead.ts';
import { addLeadPage } from './lead-page.ts';
import { addOpenCase } from './open-case.ts';
import { mibRefs } from './refs.ts';

/** The bureau's domain: leads, the administrative case, and the bureau's steps of the procedure. */
export function buildMib() {
  const builder = createBuilder();
  builder.mutationType({});
  const refs = mibRefs(builder);
  guardFields(builder, 'Agency', { id: guardedByParent, name: allowed('agency:read') });
  for (const add of [addLead, addInformant, addLeadPage, addOpenCase]) add(builder, refs);
  addExposure(builder);
  addExposureEntry(builder);
  addStepMutations(builder, 'MIB');
  return builder;
}
