import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  char,
  index,
  jsonb,
  numeric,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AgencyKind, AgencyLevel, BehaviourCode, LeadSource, Position, SubjectKind } from '../resolvers/codes.js';

const utc = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

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
    parentId: text('parent_id'),
  },
  (t) => [uniqueIndex('agencies_kind_division').on(t.kind, t.divisionCode)],
);

export const people = shared.table('people', {
  id: text('id').primaryKey(),
  agencyId: text('agency_id')
    .notNull()
    .references(() => agencies.id),
  name: text('name').notNull(),
  position: text('position').$type<Position>().notNull(),
  certificateNo: text('certificate_no'),
});

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
    createdAt: utc('created_at').notNull().default(sql`now()`),
    updatedAt: utc('updated_at').notNull().default(sql`now()`),
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    index('leads_agency').on(t.agencyId, t.receivedAt),
    index('leads_region').on(t.regionCode),
    index('leads_subject_id_hash').on(t.subjectIdNumberHash),
    uniqueIndex('leads_idempotency').on(t.agencyId, t.idempotencyKey),
  ],
);

/** Append-only, hash-chained record of every mutation, sensitive read and denial. */
export const audit = pgSchema('audit');

export const auditEvents = audit.table('events', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  at: utc('at').notNull().default(sql`now()`),
  actorId: text('actor_id'),
  agencyId: text('agency_id'),
  position: text('position'),
  action: text('action').notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  detail: jsonb('detail').notNull().default({}),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});
