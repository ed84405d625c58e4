import { createBuilder } from '../builder.js';
import { addAgency } from './agency.js';
import { permissions } from './permissions.js';

export function buildShared() {
  const builder = createBuilder();
  addAgency(builder);
  return { builder, permissions };
}
