import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  char,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  AdministrativeStage,
  AgencyKind,
  AgencyLevel,
  BehaviourCode,
  ClosingReason,
  DocumentKind,
  EnforcementKind,
  ExposureKind,
  LeadSource,
  LegalBasis,
  PenaltyArticle,
  PenaltyOutcome,
  Position,
  Stage,
  SubjectKind,
} from '../domain/codes.ts';
import type { DetachedSignature, DigestAlgorithm } from '../domain/crypto.ts';
import type { PeriodUnit } from '../domain/time.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

const utc = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** A moment the row was written, by the hub's clock (the database's own `now()` only for rows written by hand). */
const writtenAt = (name: string) =>
  utc(name)
    .notNull()
    .default(sql`now()`)
    .$defaultFn(() => new Date());

/** What every subgraph shares: the agency registry, regions (GB/T 2260) and the people who act in agencies. */
export const shared = pgSchema('shared');

export const regions = shared.table('regions', {
  code: char('code', { length: 6 }).primaryKey(),
  name: text('name').notNull(),
  parentCode: char('parent_code', { length: 6 }),
});

export const agencies = shared.table(
  'agencies',
  {
    id: text('id').primaryKey(),
    kind: text('kind').$type<AgencyKind>().notNull(),
    level: text('level').$type<AgencyLevel>().notNull(),
    divisionCode: char('division_code', { length: 6 })
      .notNull()
      .references(() => regions.code),
    name: text('name').notNull(),
    /** The prefix of this agency's document numbers, e.g. 长医保 in 长医保移〔2026〕12号. */
    shortName: text('short_name').notNull(),
    parentId: text('parent_id'),
    /** Set by a registry administrator: its people are refused from the next request on. */
    deactivatedAt: utc('deactivated_at'),
  },
  (t) => [uniqueIndex('agencies_kind_division').on(t.kind, t.divisionCode)],
);

/** A person of the registry (domain/registry.ts): a token's issuer and subject name them; nothing else in it counts. */
export const people = shared.table(
  'people',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id')
      .notNull()
      .references(() => agencies.id),
    name: text('name').notNull(),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    positions: text('positions').array().$type<Position[]>().notNull(),
    activeFrom: date('active_from', { mode: 'string' }).notNull(),
    activeTo: date('active_to', { mode: 'string' }),
    deactivatedAt: utc('deactivated_at'),
  },
  (t) => [uniqueIndex('people_identity').on(t.issuer, t.subject)],
);

/** Enforcement certificates (行政执法证): one holder each, valid between two dates. */
export const certificates = shared.table(
  'certificates',
  {
    number: text('number').primaryKey(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull(),
  },
  (t) => [index('certificates_person').on(t.personId)],
);

/** The official holiday calendar's operator overrides, and the years an operator has added. */
export const calendarOverrides = shared.table('calendar_overrides', {
  day: date('day', { mode: 'string' }).primaryKey(),
  kind: text('kind').$type<'WORKDAY' | 'RESTDAY'>().notNull(),
  note: text('note').notNull().default(''),
});

export const calendarYears = shared.table('calendar_years', {
  year: integer('year').primaryKey(),
  note: text('note').notNull().default(''),
});

/** Periods of the procedure's clocks by legal basis (docs/procedure.md), changeable by an operator. */
export const clockRules = shared.table(
  'clock_rules',
  {
    code: text('code').notNull(),
    basis: text('basis').$type<LegalBasis>().notNull(),
    variant: text('variant').notNull().default('STANDARD'),
    amount: integer('amount'),
    unit: text('unit').$type<PeriodUnit>().notNull(),
    citation: text('citation').notNull(),
  },
  (t) => [primaryKey({ columns: [t.code, t.basis, t.variant] })],
);

/** A matter from the administrative case through the transfer procedure; one control number from lead to judgment. */
export const matters = shared.table(
  'matters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    controlNumber: text('control_number').notNull().unique(),
    leadId: uuid('lead_id').notNull(),
    title: text('title').notNull(),
    regionCode: char('region_code', { length: 6 }).notNull(),
    basis: text('basis').$type<LegalBasis>().notNull().default('STANDARD'),
    stage: text('stage').$type<Stage>().notNull(),
    /** The bureau's own case (A1–A4), beside the criminal path's stage. */
    administrativeStage: text('administrative_stage').$type<AdministrativeStage>().notNull().default('INVESTIGATING'),
    mibAgencyId: text('mib_agency_id').notNull(),
    policeAgencyId: text('police_agency_id'),
    procuratorateAgencyId: text('procuratorate_agency_id'),
    courtAgencyId: text('court_agency_id'),
    policeCaseNumber: text('police_case_number'),
    procuratorateCaseNumber: text('procuratorate_case_number'),
    courtCaseNumber: text('court_case_number'),
    /** 双挂牌督办 (J 五(二)): the province police asked to co-supervise, and the responsible heads on both sides. */
    dualListingPoliceAgencyId: text('dual_listing_police_agency_id'),
    dualListingMibHeadId: text('dual_listing_mib_head_id'),
    dualListingPoliceHeadId: text('dual_listing_police_head_id'),
    dualListedAt: utc('dual_listed_at'),
    createdAt: writtenAt('created_at'),
    updatedAt: writtenAt('updated_at'),
  },
  (t) => [
    index('matters_mib').on(t.mibAgencyId),
    index('matters_police').on(t.policeAgencyId),
    index('matters_region').on(t.regionCode),
    // One case per lead (openCase checks it under the lead's row lock; this holds it whatever the caller).
    uniqueIndex('matters_lead').on(t.leadId),
    // `matters` pages newest first by (created_at, id): a stable order, unlike updated_at, which every step moves.
    index('matters_created').on(t.createdAt, t.id),
  ],
);

export const documents = shared.table('documents', {
  id: uuid('id').primaryKey().defaultRandom(),
  matterId: uuid('matter_id').notNull(),
  kind: text('kind').$type<DocumentKind>().notNull(),
  number: text('number').notNull().unique(),
  agencyId: text('agency_id').notNull(),
  issuedAt: utc('issued_at').notNull(),
});

export const documentCounters = shared.table(
  'document_counters',
  {
    agencyId: text('agency_id').notNull(),
    year: integer('year').notNull(),
    kind: text('kind').$type<DocumentKind>().notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.year, t.kind] })],
);

/** Every step taken: who, when, with which document, against which deadline. The matter's timeline. */
export const steps = shared.table(
  'steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    matterId: uuid('matter_id').notNull(),
    code: text('code').notNull(),
    action: text('action').notNull(),
    agencyId: text('agency_id').notNull(),
    personId: text('person_id').notNull(),
    /** When the act happened (receipt signed, decision made); clocks count from it. */
    takenAt: utc('taken_at').notNull(),
    /** When the step was recorded in the hub. */
    recordedAt: writtenAt('recorded_at'),
    dueAt: utc('due_at'),
    /** The matter's stage once the step was taken (null for steps recorded before migration 0011): the funnel reads it. */
    stageAfter: text('stage_after').$type<Stage>(),
    detail: jsonb('detail').notNull().default({}),
    documentId: uuid('document_id'),
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    index('steps_matter').on(t.matterId, t.takenAt),
    index('steps_stage_after').on(t.stageAfter, t.matterId),
    uniqueIndex('steps_idempotency').on(t.agencyId, t.idempotencyKey),
  ],
);

/**
 * A1, as the reports, the exposure gate and the court read it: one decision per case, its sanctions in typed columns.
 * Written by the step (resolvers/steps/a1-penalty-decision.ts) in the step's transaction; the step's content keeps the
 * input as given.
 */
export const penaltyDecisions = shared.table('penalty_decisions', {
  matterId: uuid('matter_id').primaryKey(),
  stepId: uuid('step_id').notNull(),
  outcome: text('outcome').$type<PenaltyOutcome>().notNull(),
  article: text('article').$type<PenaltyArticle>(),
  /** With OTHER_LAW: the law and article named. */
  otherBasis: text('other_basis'),
  /** The subject penalised (当事人): the lead's subject, an institution or a person. */
  subjectKind: text('subject_kind').$type<SubjectKind>().notNull(),
  /** The fund's loss or the amount obtained by fraud, on which a fine's multiple is counted. */
  lossAmount: numeric('loss_amount', { precision: 18, scale: 2 }),
  orderedReturn: numeric('ordered_return', { precision: 18, scale: 2 }),
  fineMultiple: numeric('fine_multiple', { precision: 4, scale: 2 }),
  fine: numeric('fine', { precision: 18, scale: 2 }),
  serviceSuspensionMonths: integer('service_suspension_months'),
  settlementSuspensionMonths: integer('settlement_suspension_months'),
  decidedAt: utc('decided_at').notNull(),
  servedAt: utc('served_at'),
  closedAt: utc('closed_at'),
  closingReason: text('closing_reason').$type<ClosingReason>(),
});

/** A3: each payment, return to the fund, approval of instalments or request for compulsory enforcement. */
export const penaltyEnforcements = shared.table(
  'penalty_enforcements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    matterId: uuid('matter_id').notNull(),
    stepId: uuid('step_id').notNull(),
    kind: text('kind').$type<EnforcementKind>().notNull(),
    amount: numeric('amount', { precision: 18, scale: 2 }),
    takenAt: utc('taken_at').notNull(),
  },
  (t) => [index('penalty_enforcements_matter').on(t.matterId)],
);

/** An open (or closed) statutory period: who must act, by when, on what legal basis. */
export const clocks = shared.table(
  'clocks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    matterId: uuid('matter_id').notNull(),
    code: text('code').notNull(),
    agencyId: text('agency_id').notNull(),
    startedAt: utc('started_at').notNull(),
    /** The period from the rule table (an extension such as VERIFY), kept so a pending deadline can be computed later. */
    variant: text('variant').notNull().default('STANDARD'),
    dueAt: utc('due_at'),
    /** Why the deadline is not known yet (no holiday calendar for its year); null once it is computed. */
    pendingReason: text('pending_reason'),
    citation: text('citation').notNull(),
    /** A window the actor may use (its step module says so), not a duty: it is never reported overdue. */
    optional: boolean('optional').notNull().default(false),
    closedAt: utc('closed_at'),
    closedByStepId: uuid('closed_by_step_id'),
  },
  (t) => [index('clocks_open').on(t.agencyId, t.dueAt), index('clocks_matter').on(t.matterId)],
);

/** Consultations on thresholds and evidence (G §23 ¶1) and requests for fund-loss calculations (G §25), with their answers. */
export const consultations = shared.table(
  'consultations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    matterId: uuid('matter_id').notNull(),
    kind: text('kind').$type<'CONSULTATION' | 'LOSS_CALCULATION'>().notNull(),
    fromAgencyId: text('from_agency_id').notNull(),
    toAgencyId: text('to_agency_id').notNull(),
    question: text('question').notNull(),
    askedBy: text('asked_by').notNull(),
    askedAt: utc('asked_at').notNull(),
    answer: text('answer'),
    lossAmount: numeric('loss_amount', { precision: 18, scale: 2 }),
    answeredBy: text('answered_by'),
    answeredAt: utc('answered_at'),
  },
  (t) => [index('consultations_matter').on(t.matterId), index('consultations_to').on(t.toAgencyId)],
);

/** An outcome told to the MIB that transferred the matter (G §24 ¶2), recorded with the outcome itself. */
export const outcomeNotifications = shared.table(
  'outcome_notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    matterId: uuid('matter_id').notNull(),
    stepId: uuid('step_id').notNull(),
    fromAgencyId: text('from_agency_id').notNull(),
    toAgencyId: text('to_agency_id').notNull(),
    documentId: uuid('document_id'),
    createdAt: utc('created_at').notNull(),
    acknowledgedAt: utc('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
  },
  (t) => [index('notifications_to').on(t.toAgencyId, t.createdAt)],
);

/**
 * Monthly reports to superior departments (J 四(三)), frozen: a revision is never changed (a trigger refuses it); a
 * correction is a new revision, and each revision's content hash is in the audit chain.
 */
export const reports = shared.table(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: char('region_code', { length: 6 }).notNull(),
    /** "YYYY-MM", Asia/Shanghai. */
    month: char('month', { length: 7 }).notNull(),
    revision: integer('revision').notNull(),
    content: jsonb('content').notNull(),
    /** Of the content's canonical JSON; the files carry it. */
    digest: char('digest', { length: 64 }).notNull(),
    /** Of the content and of both files: the suite's digest when the revision was frozen. */
    digestAlgorithm: text('digest_algorithm').$type<DigestAlgorithm>().notNull().default('SHA-256'),
    /** The files as delivered, frozen with the revision, and each one's digest (null for revisions before 0016). */
    xlsx: bytea('xlsx'),
    xlsxDigest: char('xlsx_digest', { length: 64 }),
    csv: bytea('csv'),
    csvDigest: char('csv_digest', { length: 64 }),
    /** The printable 月度分析报告 with the month's charts (null for revisions before 0018). */
    pdf: bytea('pdf'),
    pdfDigest: char('pdf_digest', { length: 64 }),
    /** Each file's detached signature, made when it was frozen (null for revisions before 0017). */
    xlsxSignature: jsonb('xlsx_signature').$type<DetachedSignature>(),
    csvSignature: jsonb('csv_signature').$type<DetachedSignature>(),
    pdfSignature: jsonb('pdf_signature').$type<DetachedSignature>(),
    /** What changed from the previous revision, cell by cell. */
    changes: jsonb('changes').notNull().default([]),
    generatedAt: utc('generated_at').notNull(),
    /** A person, or "job" for the scheduled run. */
    generatedBy: text('generated_by').notNull(),
  },
  (t) => [uniqueIndex('reports_revision').on(t.regionCode, t.month, t.revision)],
);

/**
 * The amount from which fraud is a crime (诈骗罪 数额较大) as each province sets it: a matter at or above it handled
 * without a transfer is listed by the 以罚代刑 indicator (J 一). Changed by an operator: `npm run thresholds`.
 */
export const criminalThresholds = shared.table('criminal_thresholds', {
  provinceCode: char('province_code', { length: 6 }).primaryKey(),
  amount: numeric('amount', { precision: 18, scale: 2 }).notNull(),
  citation: text('citation').notNull(),
});

/**
 * An agency's endpoint for its outcome notifications, pushed as signed Standard Webhooks; `notifications` with its
 * cursor stays the source of truth. The signing secret is sealed like ID numbers.
 */
export const webhooks = shared.table(
  'webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: text('agency_id').notNull(),
    url: text('url').notNull(),
    secretSealed: text('secret_sealed').notNull(),
    createdAt: writtenAt('created_at'),
    createdBy: text('created_by').notNull(),
    removedAt: utc('removed_at'),
  },
  (t) => [index('webhooks_agency').on(t.agencyId)],
);

/** Every attempt to deliver a notification to a webhook, as it went: the agency's delivery log. */
export const webhookDeliveries = shared.table(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    webhookId: uuid('webhook_id').notNull(),
    notificationId: uuid('notification_id').notNull(),
    attempt: integer('attempt').notNull(),
    outcome: text('outcome').$type<'DELIVERED' | 'FAILED'>().notNull(),
    /** The receiver's HTTP status, when it answered. */
    status: integer('status'),
    error: text('error'),
    at: utc('at').notNull(),
  },
  (t) => [index('webhook_deliveries_webhook').on(t.webhookId, t.at)],
);

/** The MIB subgraph's own namespace: leads and, later, administrative cases. */
export const mib = pgSchema('mib');

export const leads = mib.table(
  'leads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: text('agency_id').notNull(),
    source: text('source').$type<LeadSource>().notNull(),
    regionCode: char('region_code', { length: 6 }).notNull(),
    subjectKind: text('subject_kind').$type<SubjectKind>().notNull(),
    subjectName: text('subject_name').notNull(),
    subjectCreditCode: char('subject_credit_code', { length: 18 }),
    subjectIdNumberSealed: text('subject_id_number_sealed'),
    subjectIdNumberHash: text('subject_id_number_hash'),
    behaviours: text('behaviours').array().$type<BehaviourCode[]>().notNull(),
    suspectedAmount: numeric('suspected_amount', { precision: 18, scale: 2 }),
    summary: text('summary').notNull().default(''),
    informantName: text('informant_name'),
    informantPhone: text('informant_phone'),
    informantRealName: boolean('informant_real_name'),
    receivedAt: utc('received_at').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: writtenAt('created_at'),
    updatedAt: writtenAt('updated_at'),
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    index('leads_agency').on(t.agencyId, t.receivedAt),
    // A supervisor's region-wide list, newest first, walks this backwards instead of sorting the province's leads.
    index('leads_received').on(t.receivedAt, t.id),
    index('leads_region').on(t.regionCode),
    index('leads_subject_id_hash').on(t.subjectIdNumberHash),
    uniqueIndex('leads_idempotency').on(t.agencyId, t.idempotencyKey),
  ],
);

/** Append-only, hash-chained record of every mutation, sensitive read and denial. */
export const audit = pgSchema('audit');

export const auditEvents = audit.table('events', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  at: writtenAt('at'),
  actorId: text('actor_id'),
  agencyId: text('agency_id'),
  position: text('position'),
  action: text('action').notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  detail: jsonb('detail').notNull().default({}),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
  /** The digest this entry's hash was taken with: the chain changes algorithm where the hub's suite did. */
  hashAlgorithm: text('hash_algorithm').$type<DigestAlgorithm>().notNull().default('SHA-256'),
});

/**
 * Exposure entries (曝光, J 五(三)) and typical cases (典型案例, G §26): a publication decision of the agency that
 * drafts it. Each change is a new version; nothing published is ever changed in place.
 */
export const exposures = mib.table(
  'exposures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: text('agency_id').notNull(),
    kind: text('kind').$type<ExposureKind>().notNull(),
    regionCode: char('region_code', { length: 6 }).notNull(),
    matterId: uuid('matter_id').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: utc('created_at').notNull(),
    /** The first publication; null while never published. */
    publishedAt: utc('published_at'),
    retractedAt: utc('retracted_at'),
    retractedBy: text('retracted_by'),
    retractionNotice: text('retraction_notice'),
  },
  (t) => [index('exposures_public').on(t.publishedAt, t.id), index('exposures_agency').on(t.agencyId)],
);

export const exposureVersions = mib.table(
  'exposure_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    exposureId: uuid('exposure_id').notNull(),
    number: integer('number').notNull(),
    status: text('status').$type<'DRAFT' | 'APPROVED' | 'PUBLISHED' | 'SUPERSEDED'>().notNull(),
    title: text('title').notNull(),
    subjectName: text('subject_name').notNull(),
    creditCode: char('credit_code', { length: 18 }),
    behaviours: text('behaviours').array().$type<BehaviourCode[]>().notNull(),
    amountRecovered: numeric('amount_recovered', { precision: 18, scale: 2 }).notNull(),
    penalties: text('penalties').notNull().default(''),
    policeResult: text('police_result').notNull().default(''),
    courtResult: text('court_result').notNull().default(''),
    summary: text('summary').notNull().default(''),
    /** What a correction changed and why; null for the first version. */
    correctionNote: text('correction_note'),
    draftedBy: text('drafted_by').notNull(),
    draftedAt: utc('drafted_at').notNull(),
    approvedBy: text('approved_by'),
    approvedAt: utc('approved_at'),
    publishedAt: utc('published_at'),
    /** What the public reads of this version, as it was signed when published (canonical JSON), and the signature. */
    signedContent: text('signed_content'),
    signature: jsonb('signature').$type<DetachedSignature>(),
  },
  (t) => [uniqueIndex('exposure_versions_number').on(t.exposureId, t.number)],
);

/** The signed file a document carries (PDF or image), with its digest: one per document, never replaced. */
export const documentFiles = shared.table('document_files', {
  documentId: uuid('document_id').primaryKey(),
  filename: text('filename').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  digest: char('digest', { length: 64 }).notNull(),
  digestAlgorithm: text('digest_algorithm').$type<DigestAlgorithm>().notNull().default('SHA-256'),
  data: bytea('data').notNull(),
  uploadedBy: text('uploaded_by').notNull(),
  uploadedAt: utc('uploaded_at').notNull(),
});
