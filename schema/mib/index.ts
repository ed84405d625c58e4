import { createBuilder, guardFields } from '../builder.js';
import { allowed, guardedByParent } from '../rules.js';
import { addStepMutations } from '../steps.js';
import { addExposure } from './exposure.js';
import { addExposureEntry } from './exposure-entry.js';
import { addInformant } from './informant.js';
import { addLead } from './lead.js';
import { addLeadPage } from './lead-page.js';
import { addLeadSubject } from './lead-subject.js';
import { addMatterSubject } from './matter-subject.js';
import { addOpenCase } from './open-case.js';
import { mibRefs } from './refs.js';

/** The bureau's domain: leads, the administrative case, and the bureau's steps of the procedure. */
export function buildMib() {
  const builder = createBuilder();
  builder.mutationType({});
  const refs = mibRefs(builder);
  guardFields(builder, 'Agency', { id: guardedByParent, name: allowed('agency:read') });
  for (const add of [addLead, addLeadSubject, addInformant, addLeadPage, addMatterSubject, addOpenCase])
    add(builder, refs);
  addExposure(builder);
  addExposureEntry(builder);
  addStepMutations(builder, 'MIB');
  return builder;
}
