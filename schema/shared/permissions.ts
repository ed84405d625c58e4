import { rule } from 'graphql-shield';
import type { Context } from '../../auth/context.js';
import { federationRoots, guardedByParent, hasPosition, inMatterSlice, isAuthenticated, ofAgencyKind } from '../../auth/rules.js';
import type { NotificationRow } from '../../resolvers/procedure/matters.js';
import type { ConsultationRow } from '../../resolvers/procedure/cooperation.js';

const isRecipient = rule('isNotificationRecipient', { cache: 'no_cache' })((n: NotificationRow, _a, ctx: Context) => n.toAgencyId === ctx.viewer?.agency.id);

const isConsultationParty = rule('isConsultationParty', { cache: 'no_cache' })(
  (c: ConsultationRow, _a, ctx: Context) => c.fromAgencyId === ctx.viewer?.agency.id || c.toAgencyId === ctx.viewer?.agency.id,
);

const each = <K extends string>(fields: K[], value: unknown) => Object.fromEntries(fields.map((f) => [f, value])) as Record<K, unknown>;

/** The registry is reference data for any agency's staff; matters and their clocks belong to their parties and supervisors. */
export const permissions = {
  Query: {
    ...federationRoots,
    me: isAuthenticated,
    agency: isAuthenticated,
    agencies: isAuthenticated,
    matter: ofAgencyKind('MIB', 'POLICE', 'PROCURATORATE', 'COURT', 'SUPERIOR'),
    matters: ofAgencyKind('MIB', 'POLICE', 'PROCURATORATE', 'COURT', 'SUPERIOR'),
    auditEntries: hasPosition('MIB_HEAD', 'SUPERIOR_REVIEWER'),
    myClocks: isAuthenticated,
    notifications: ofAgencyKind('MIB'),
  },
  Mutation: {
    acknowledgeNotification: hasPosition('MIB_OFFICER', 'MIB_HEAD'),
    askConsultation: hasPosition('MIB_OFFICER', 'MIB_HEAD', 'POLICE_OFFICER', 'POLICE_HEAD', 'PROSECUTOR', 'JUDGE'),
    answerConsultation: hasPosition('MIB_OFFICER', 'MIB_HEAD', 'POLICE_OFFICER', 'POLICE_HEAD', 'PROSECUTOR'),
  },
  Agency: each(['id', 'name', 'kind', 'level', 'divisionCode', 'region', 'parent'], isAuthenticated),
  Region: each(['code', 'name', 'parentCode'], guardedByParent),
  Viewer: each(['personId', 'position', 'agency'], guardedByParent),
  Matter: each(
    ['id', 'controlNumber', 'title', 'regionCode', 'stage', 'basis', 'mibAgency', 'policeAgency', 'procuratorateAgency', 'courtAgency', 'policeCaseNumber', 'procuratorateCaseNumber', 'courtCaseNumber', 'amounts', 'dualListing', 'consultations', 'clocks', 'timeline', 'documents', 'createdAt', 'updatedAt'],
    inMatterSlice,
  ),
  Clock: each(['code', 'step', 'agency', 'startedAt', 'dueAt', 'remainingSeconds', 'overdue', 'optional', 'basis', 'closedAt'], guardedByParent),
  TimelineStep: each(['code', 'step', 'action', 'agency', 'personId', 'takenAt', 'dueAt', 'late', 'document'], guardedByParent),
  DualListing: each(['policeAgency', 'mibHeadId', 'policeHeadId', 'listedAt'], guardedByParent),
  Consultation: each(['id', 'kind', 'fromAgency', 'toAgency', 'question', 'askedAt', 'answer', 'lossAmount', 'answeredAt'], isConsultationParty),
  AuditEntry: each(['seq', 'at', 'actorId', 'agencyId', 'action', 'targetType', 'targetId', 'hash'], guardedByParent),
  MatterAmounts: each(['defrauded', 'recovered', 'returned'], guardedByParent),
  Document: each(['kind', 'title', 'number', 'issuedAt', 'agency'], guardedByParent),
  OutcomeNotification: each(['id', 'matter', 'step', 'fromAgency', 'createdAt', 'acknowledgedAt', 'acknowledgedBy'], isRecipient),
};
