import { federationRoots, guardedByParent, isAuthenticated } from '../../auth/rules.js';

/** The registry is reference data: any agency's staff may read it; the public may not. */
export const permissions = {
  Query: { ...federationRoots, me: isAuthenticated, agency: isAuthenticated, agencies: isAuthenticated },
  Agency: {
    id: isAuthenticated,
    name: isAuthenticated,
    kind: isAuthenticated,
    level: isAuthenticated,
    divisionCode: isAuthenticated,
    region: isAuthenticated,
    parent: isAuthenticated,
  },
  Region: { code: guardedByParent, name: guardedByParent, parentCode: guardedByParent },
  Viewer: { personId: guardedByParent, position: guardedByParent, agency: guardedByParent },
};
