import { createBuilder } from '../builder.js';
import { addAgency } from './agency.js';
import { addMatter } from './matter.js';
import { permissions } from './permissions.js';

export function buildShared() {
  const builder = createBuilder();
  builder.mutationType({});
  const refs = addAgency(builder);
  addMatter(builder, refs);
  return { builder, permissions };
}
