import { inMatterSlice } from '../../auth/rules.js';
import { createBuilder } from '../builder.js';
import { addLead } from './lead.js';
import { addMatterSubject } from './matter.js';
import { addProcedure } from './procedure.js';
import { permissions } from './permissions.js';

export function buildMib() {
  const builder = createBuilder();
  builder.mutationType({});
  addMatterSubject(builder, addLead(builder));
  const procedure = addProcedure(builder);
  return { builder, permissions: { ...permissions, Mutation: { ...permissions.Mutation, ...procedure.Mutation }, Matter: { ...procedure.Matter, subject: inMatterSlice } } };
}
