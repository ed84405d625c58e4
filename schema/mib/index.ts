import { createBuilder } from '../builder.js';
import { addLead } from './lead.js';
import { permissions } from './permissions.js';

export function buildMib() {
  const builder = createBuilder();
  builder.mutationType({});
  addLead(builder);
  return { builder, permissions };
}
