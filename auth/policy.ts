import { and, eq, isNotNull, like, or, type SQL } from 'drizzle-orm';
import { type leads, matters } from '../db/schema.ts';
import type { AgencyKind, Position } from '../domain/codes.ts';
import { divisionPrefix, isWithinDivision } from '../domain/divisions.ts';
import { forbidden } from '../domain/errors.ts';
import type { Viewer } from './context.ts';

/**
 * Who may do and see what, in one place: the shield rules and the resolvers both ask `can`. Slices as SQL for lists
 * are here too, so that a list and a single record are judged by the same rule.
 */

export type MatterRow = typeof matters.$inferSelect;
export type LeadRow = typeof leads.$inferSelect;

/** How a viewer stands to a matter: a party on one side of the procedure, or a supervisor of the region. */
export type MatterAccess = { side: AgencyKind; role: 'PARTY' | 'SUPERVISOR' };

const PARTY_COLUMN = {
  MIB: (m: MatterRow) => m.mibAgencyId,
  POLICE: (m: MatterRow) => m.policeAgencyId,
  PROCURATORATE: (m: MatterRow) => m.procuratorateAgencyId,
  COURT: (m: MatterRow) => m.courtAgencyId,
};

/** Police and procuratorates see a matter once it is transferred, courts once it is prosecuted to one of them. */
const REACHED = {
  MIB: () => true,
  POLICE: (m: MatterRow) => !!m.policeAgencyId,
  PROCURATORATE: (m: MatterRow) => !!m.policeAgencyId,
  COURT: (m: MatterRow) => !!m.courtAgencyId,
};

export function matterAccess(viewer: Viewer | null, matter: MatterRow): MatterAccess | null {
  if (!viewer) return null;
  const kind = viewer.agency.kind;
  if (kind === 'SUPERIOR') {
    const oversees =
      viewer.position === 'SUPERIOR_REVIEWER' && isWithinDivision(matter.regionCode, viewer.agency.divisionCode);
    return oversees ? { side: 'SUPERIOR', role: 'SUPERVISOR' } : null;
  }
  if (viewer.agency.id === matter.dualListingPoliceAgencyId) return { side: 'POLICE', role: 'SUPERVISOR' };
  if (!REACHED[kind](matter)) return null;
  if (PARTY_COLUMN[kind](matter) === viewer.agency.id) return { side: kind, role: 'PARTY' };
  if (viewer.agency.level !== 'COUNTY' && isWithinDivision(matter.regionCode, viewer.agency.divisionCode))
    return { side: kind, role: 'SUPERVISOR' };
  return null;
}

/** Matters in the viewer's slice, as a WHERE clause: the party's own, and for supervisors the regions under them. */
export function matterSlice(viewer: Viewer | null): SQL | undefined {
  if (!viewer) return undefined;
  const agency = viewer.agency;
  const columns = {
    MIB: [matters.mibAgencyId, null],
    POLICE: [matters.policeAgencyId, matters.policeAgencyId],
    PROCURATORATE: [matters.procuratorateAgencyId, matters.policeAgencyId],
    COURT: [matters.courtAgencyId, matters.courtAgencyId],
  } as const;
  if (agency.kind === 'SUPERIOR') {
    return viewer.position === 'SUPERIOR_REVIEWER'
      ? like(matters.regionCode, `${divisionPrefix(agency.divisionCode)}%`)
      : undefined;
  }
  const [column, reached] = columns[agency.kind];
  const own =
    agency.kind === 'POLICE'
      ? or(eq(column, agency.id), eq(matters.dualListingPoliceAgencyId, agency.id))!
      : eq(column, agency.id);
  if (agency.level === 'COUNTY') return own;
  const region = like(matters.regionCode, `${divisionPrefix(agency.divisionCode)}%`);
  return or(own, reached ? and(region, isNotNull(reached)) : region);
}

/**
 * How a viewer may see a lead. OWNER: the MIB that took it, everything. SUPERVISOR: an MIB above it,
 * read-only, no informant, ID numbers masked. ANALYST: MIB analysts of either, de-identified.
 */
export type LeadAccess = 'OWNER' | 'SUPERVISOR' | 'ANALYST';

export function leadAccess(viewer: Viewer | null, lead: Pick<LeadRow, 'agencyId' | 'regionCode'>): LeadAccess | null {
  if (viewer?.agency.kind !== 'MIB') return null;
  const own = lead.agencyId === viewer.agency.id;
  const above = viewer.agency.level !== 'COUNTY' && isWithinDivision(lead.regionCode, viewer.agency.divisionCode);
  if (!own && !above) return null;
  if (viewer.position === 'MIB_ANALYST') return 'ANALYST';
  return own ? 'OWNER' : 'SUPERVISOR';
}

/**
 * Leads in the viewer's slice: its own agency's and, above a county, those whose region is in its division (a LIKE
 * pattern); nothing for anyone but a bureau. `listLeads` puts it into its prepared statement.
 */
export function leadSlice(viewer: Viewer | null): { agencyId: string; regionsLike: string | null } | undefined {
  if (viewer?.agency.kind !== 'MIB') return undefined;
  if (viewer.agency.level === 'COUNTY') return { agencyId: viewer.agency.id, regionsLike: null };
  return { agencyId: viewer.agency.id, regionsLike: `${divisionPrefix(viewer.agency.divisionCode)}%` };
}

const holds =
  (...positions: Position[]) =>
  (viewer: Viewer | null) =>
    !!viewer && positions.includes(viewer.position);
const ofKind =
  (...kinds: AgencyKind[]) =>
  (viewer: Viewer | null) =>
    !!viewer && kinds.includes(viewer.agency.kind);

/** What a viewer may do regardless of any record. */
const ACTIONS = {
  'agency:read': (viewer: Viewer | null) => viewer !== null,
  'lead:list': ofKind('MIB'),
  'lead:create': holds('MIB_OFFICER'),
  'lead:update': holds('MIB_OFFICER'),
  'matter:list': ofKind('MIB', 'POLICE', 'PROCURATORATE', 'COURT', 'SUPERIOR'),
  'matter:open': holds('MIB_OFFICER'),
  'clock:listOwn': (viewer: Viewer | null) => viewer !== null,
  'notification:list': ofKind('MIB'),
  'notification:acknowledge': holds('MIB_OFFICER', 'MIB_HEAD'),
  'consultation:ask': holds('MIB_OFFICER', 'MIB_HEAD', 'POLICE_OFFICER', 'POLICE_HEAD', 'PROSECUTOR', 'JUDGE'),
  'consultation:answer': holds('MIB_OFFICER', 'MIB_HEAD', 'POLICE_OFFICER', 'POLICE_HEAD', 'PROSECUTOR'),
  'audit:list': holds('MIB_HEAD', 'SUPERIOR_REVIEWER'),
  /** Why a transfer was refused (T2) is the bureau's business only. */
  'step:readRefusalReasons': ofKind('MIB'),
  /** The public exposure feed: anyone, with or without a token. */
  'exposure:readPublished': () => true,
  'exposure:draft': holds('MIB_OFFICER', 'MIB_HEAD', 'PROSECUTOR', 'JUDGE'),
  'exposure:listOwn': holds('MIB_OFFICER', 'MIB_HEAD', 'PROSECUTOR', 'JUDGE'),
  /** Counts and amounts of the caller's division, never a person (resolvers/statistics.ts, domain/statistics.ts). */
  'statistics:read': holds('ANALYST', 'MIB_ANALYST', 'MIB_HEAD', 'SUPERIOR_REVIEWER', 'REPORTING_JOB'),
  /** Monthly reports to superior departments (resolvers/reports/): read by whoever reports or oversees. */
  'report:read': holds('REPORTING_JOB', 'SUPERIOR_REVIEWER', 'MIB_HEAD'),
  'report:generate': holds('REPORTING_JOB', 'SUPERIOR_REVIEWER'),
  /** A bureau's webhook endpoints for its outcome notifications (resolvers/webhooks.ts). */
  'webhook:manage': holds('MIB_HEAD'),
  'webhook:read': holds('MIB_HEAD', 'MIB_OFFICER'),
  /** The registry's agencies and people: its administrators, at province level (domain/registry.ts). */
  'registry:manage': holds('REGISTRY_ADMIN'),
};

/** Who decides a publication: the bureau's principal head; at a procuratorate or court, its prosecutors or judges. */
const PUBLICATION_DECIDERS: Partial<Record<AgencyKind, Position[]>> = {
  MIB: ['MIB_HEAD'],
  PROCURATORATE: ['PROSECUTOR'],
  COURT: ['JUDGE'],
};

type Party = { fromAgencyId: string; toAgencyId: string };

/** What a viewer may do with one record. */
const ON_RECORD = {
  'lead:read': (viewer: Viewer | null, lead: LeadRow) => leadAccess(viewer, lead) !== null,
  'lead:readInformant': (viewer: Viewer | null, lead: LeadRow) => leadAccess(viewer, lead) === 'OWNER',
  'lead:change': (viewer: Viewer | null, lead: LeadRow) =>
    holds('MIB_OFFICER')(viewer) && leadAccess(viewer, lead) === 'OWNER',
  'lead:openCase': (viewer: Viewer | null, lead: LeadRow) =>
    holds('MIB_OFFICER')(viewer) && leadAccess(viewer, lead) === 'OWNER',
  'matter:read': (viewer: Viewer | null, matter: MatterRow) => matterAccess(viewer, matter) !== null,
  'notification:read': (viewer: Viewer | null, notification: { toAgencyId: string }) =>
    notification.toAgencyId === viewer?.agency.id,
  'consultation:read': (viewer: Viewer | null, c: Party) =>
    c.fromAgencyId === viewer?.agency.id || c.toAgencyId === viewer?.agency.id,
  'consultation:answerThis': (viewer: Viewer | null, c: Party) => c.toAgencyId === viewer?.agency.id,
  /** Drafts, versions and their history: the publishing agency's own staff. */
  'exposure:manage': (viewer: Viewer | null, e: { agencyId: string }) =>
    holds('MIB_OFFICER', 'MIB_HEAD', 'PROSECUTOR', 'JUDGE')(viewer) && e.agencyId === viewer?.agency.id,
  /** A registry record (an agency, or a person by their agency's division) in the administrator's province. */
  'registry:manageThis': (viewer: Viewer | null, record: { divisionCode: string }) =>
    holds('REGISTRY_ADMIN')(viewer) && isWithinDivision(record.divisionCode, viewer!.agency.divisionCode),
  'exposure:decide': (viewer: Viewer | null, e: { agencyId: string }) =>
    !!viewer &&
    e.agencyId === viewer.agency.id &&
    (PUBLICATION_DECIDERS[viewer.agency.kind] ?? []).includes(viewer.position),
};

export type Permission = keyof typeof ACTIONS;
export type RecordPermission = keyof typeof ON_RECORD;
type RecordOf<P extends RecordPermission> = Parameters<(typeof ON_RECORD)[P]>[1];

export function can(viewer: Viewer | null, permission: Permission): boolean;
export function can<P extends RecordPermission>(viewer: Viewer | null, permission: P, record: RecordOf<P>): boolean;
export function can(viewer: Viewer | null, permission: Permission | RecordPermission, record?: unknown): boolean {
  if (permission in ACTIONS) return ACTIONS[permission as Permission](viewer);
  return (
    record != null &&
    (ON_RECORD[permission as RecordPermission] as (v: Viewer | null, r: unknown) => boolean)(viewer, record)
  );
}

/**
 * `can` as a precondition: the one refusal (FORBIDDEN, which the request's audit records) when the viewer may not.
 * `reason` says what would be allowed; without it the refusal says nothing more.
 */
export function assertCan(viewer: Viewer | null, permission: Permission, reason?: string): asserts viewer is Viewer;
export function assertCan<P extends RecordPermission>(
  viewer: Viewer | null,
  permission: P,
  record: RecordOf<P>,
  reason?: string,
): asserts viewer is Viewer;
export function assertCan(
  viewer: Viewer | null,
  permission: Permission | RecordPermission,
  recordOrReason?: unknown,
  reason?: string,
): asserts viewer is Viewer {
  const onRecord = !(permission in ACTIONS);
  const allowed = onRecord
    ? can(viewer, permission as RecordPermission, recordOrReason as never)
    : can(viewer, permission as Permission);
  if (!viewer || !allowed) throw forbidden(onRecord ? reason : (recordOrReason as string | undefined));
}

/** Positions that may take a step; the step itself checks the agency and the stage. */
export const holdsOneOf = (viewer: Viewer | null, positions: readonly Position[]) =>
  !!viewer && positions.includes(viewer.position);
