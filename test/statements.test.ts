import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clocks, documents, leads, matters, outcomeNotifications, steps } from '../db/schema.ts';
import { Sealer } from '../domain/crypto.ts';
import { citizenId, startWorld, type World } from './world.ts';

/**
 * The SQL each key read costs, pinned: a list costs the same number of statements whatever its length. The bureau
 * 220102 gets 1,000 matters with their steps, clocks, documents and notifications; 220104 gets 10.
 */

let world: World;
const OFFICER = { many: 'mib-220102-officer-1', few: 'mib-220104-officer-1' };

async function seedMatters(agencyCode: string, count: number) {
  const sealer = new Sealer(world.config.dataKey);
  const mib = `mib-${agencyCode}`;
  const police = `police-${agencyCode}`;
  const at = new Date('2026-11-02T01:00:00Z');
  const rows = Array.from({ length: count }, (_, i) => ({
    lead: randomUUID(),
    matter: randomUUID(),
    step: randomUUID(),
    document: randomUUID(),
    i,
  }));
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    await world.db.insert(leads).values(
      chunk.map(({ lead, i }) => ({
        id: lead,
        agencyId: mib,
        source: 'REPORT' as const,
        regionCode: agencyCode,
        subjectKind: 'PERSON' as const,
        subjectName: `张${i}`,
        subjectIdNumberSealed: sealer.seal(citizenId('22010219800101123')),
        behaviours: ['IND_IMPERSONATION' as const],
        receivedAt: at,
        createdBy: `${mib}-officer-1`,
      })),
    );
    await world.db.insert(matters).values(
      chunk.map(({ lead, matter, i }) => ({
        id: matter,
        controlNumber: `YB${agencyCode}-2026-T${i}-${randomUUID().slice(0, 8)}`,
        leadId: lead,
        title: `案件 ${i}`,
        regionCode: agencyCode,
        stage: 'ACCEPTED' as const,
        mibAgencyId: mib,
        policeAgencyId: police,
      })),
    );
    await world.db.insert(documents).values(
      chunk.map(({ matter, document, i }) => ({
        id: document,
        matterId: matter,
        kind: 'RECEIPT' as const,
        number: `${agencyCode}回执〔2026〕${i}-${randomUUID()}号`,
        agencyId: police,
        issuedAt: at,
      })),
    );
    await world.db.insert(steps).values(
      chunk.map(({ matter, step, document }) => ({
        id: step,
        matterId: matter,
        code: 'T4',
        action: 'acceptTransfer',
        agencyId: police,
        personId: `${police}-officer`,
        takenAt: at,
        documentId: document,
      })),
    );
    await world.db.insert(clocks).values(
      chunk.map(({ matter }) => ({
        matterId: matter,
        code: 'T8',
        agencyId: police,
        startedAt: at,
        dueAt: new Date('2026-11-05T16:00:00Z'),
        citation: '吉医保联〔2023〕28号 三(四)',
      })),
    );
    await world.db.insert(outcomeNotifications).values(
      chunk.map(({ matter, step, document }) => ({
        matterId: matter,
        stepId: step,
        fromAgencyId: police,
        toAgencyId: mib,
        documentId: document,
        createdAt: at,
      })),
    );
  }
}

const MATTERS = `query($first: Int) { matters(first: $first) { items {
  id controlNumber mibAgency { name region { name } }
  clocks { code dueAt agency { id } } timeline { code takenAt document { number } } documents { number }
  amounts { recovered returned } penalty { fine finePaid } consultations { id } subject { name idNumber }
} nextCursor } }`;
const MATTER = `query($id: ID!) { matter(id: $id) { id clocks { code } timeline { code } documents { number } amounts { recovered } subject { name } } }`;
const NOTIFICATIONS = `{ notifications(first: 100) { items { id matter { id controlNumber } step { code document { number } } fromAgency { name } } } }`;
const LEADS = `query($first: Int) { leads(first: $first) { items { id agency { id } subject { name } } nextCursor } }`;

/**
 * Runs `query` as `person` and returns the SQL it cost, sorted: batches under a list run in parallel, and which
 * finishes first is the database's business, not the hub's. Fails on an error.
 */
async function cost(person: string, query: string, variables?: Record<string, unknown>) {
  let result: Awaited<ReturnType<World['as']>> | undefined;
  const sql = await world.statementsOf(async () => {
    result = await world.as(person, query, variables);
  });
  expect(result?.errors).toBeUndefined();
  // node-postgres reports a transaction's begin and commit as statements; PGlite does not. Neither is a query.
  return sql.filter((s) => s !== 'begin' && s !== 'commit').sort();
}

beforeAll(async () => {
  world = await startWorld('in-process', { ownDatabase: true });
  await seedMatters('220102', 1000);
  await seedMatters('220104', 10);
  for (const person of Object.values(OFFICER)) await world.as(person, '{ me { personId } }');
}, 180_000);
afterAll(() => world?.stop());

describe('statements per request', () => {
  it('a page of matters with clocks, timeline, documents, amounts, penalty, consultations and subject: one statement per field, for 10 or 100 parents', async () => {
    const ten = await cost(OFFICER.many, MATTERS, { first: 10 });
    const hundred = await cost(OFFICER.many, MATTERS, { first: 100 });
    const fewer = await cost(OFFICER.few, MATTERS, { first: 100 });
    expect(hundred).toEqual(ten);
    expect(fewer).toEqual(ten);
    expect(ten).toMatchInlineSnapshot(`
      [
        "insert into "audit"."events" (at, actor_id, agency_id, position, action, target_type, target_id, detail, prev_hash, hash, hash_algorithm) select at, actor_id, agency_id, position, action, target_type, target_id, detail, prev_hash, hash, hash_algorithm from unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::text[], $10::text[], $11::text[]) as e(at, actor_id, agency_id, position, action, target_type, target_id, detail, prev_hash, hash, hash_algorithm)",
        "select "code", "name", "parent_code" from "shared"."regions" where "shared"."regions"."code" = any($1)",
        "select "hash" from "audit"."events" order by "audit"."events"."seq" desc limit $1",
        "select "id", "agency_id", "source", "region_code", "subject_kind", "subject_name", "subject_credit_code", "subject_id_number_sealed", "subject_id_number_hash", "behaviours", "suspected_amount", "summary", "informant_name", "informant_phone", "informant_real_name", "received_at", "created_by", "created_at", "updated_at", "idempotency_key" from "mib"."leads" where "mib"."leads"."id" = any($1)",
        "select "id", "control_number", "lead_id", "title", "region_code", "basis", "stage", "administrative_stage", "mib_agency_id", "police_agency_id", "procuratorate_agency_id", "court_agency_id", "police_case_number", "procuratorate_case_number", "court_case_number", "dual_listing_police_agency_id", "dual_listing_mib_head_id", "dual_listing_police_head_id", "dual_listed_at", "created_at", "updated_at" from "shared"."matters" where "shared"."matters"."mib_agency_id" = $1 order by "shared"."matters"."created_at" desc, "shared"."matters"."id" desc limit $2",
        "select "id", "kind", "level", "division_code", "name", "short_name", "parent_id", "deactivated_at" from "shared"."agencies" where "shared"."agencies"."id" = any($1)",
        "select "id", "kind", "level", "division_code", "name", "short_name", "parent_id", "deactivated_at" from "shared"."agencies" where "shared"."agencies"."id" = any($1)",
        "select "id", "matter_id", "code", "agency_id", "started_at", "variant", "due_at", "pending_reason", "citation", "optional", "closed_at", "closed_by_step_id" from "shared"."clocks" where "shared"."clocks"."matter_id" = any($1) order by "shared"."clocks"."started_at" asc, "shared"."clocks"."code" asc",
        "select "id", "matter_id", "kind", "from_agency_id", "to_agency_id", "question", "asked_by", "asked_at", "answer", "loss_amount", "answered_by", "answered_at" from "shared"."consultations" where ("shared"."consultations"."matter_id" = any($1) and ("shared"."consultations"."from_agency_id" = $2 or "shared"."consultations"."to_agency_id" = $3)) order by "shared"."consultations"."asked_at" asc",
        "select "id", "matter_id", "kind", "number", "agency_id", "issued_at" from "shared"."documents" where "shared"."documents"."matter_id" = any($1) order by "shared"."documents"."issued_at" asc",
        "select "matter_id", (array_agg(("shared"."steps"."detail"->>'amountDefrauded') order by "shared"."steps"."taken_at" desc) filter (where "shared"."steps"."code" = 'SEND_FOR_PROSECUTION'))[1], round(coalesce(sum(("shared"."steps"."detail"->>'amount')::numeric) filter (where "shared"."steps"."code" = 'PROCEEDS' and ("shared"."steps"."detail"->>'kind') in ('RECOVERED', 'EQUIVALENT_RECOVERED')), 0), 2)::text, round(coalesce(sum(("shared"."steps"."detail"->>'amount')::numeric) filter (where "shared"."steps"."code" = 'RETURN_TO_FUND'), 0), 2)::text from "shared"."steps" where "shared"."steps"."matter_id" = any($1) group by "shared"."steps"."matter_id"",
        "select "shared"."penalty_decisions"."matter_id", "shared"."penalty_decisions"."step_id", "shared"."penalty_decisions"."outcome", "shared"."penalty_decisions"."article", "shared"."penalty_decisions"."other_basis", "shared"."penalty_decisions"."subject_kind", "shared"."penalty_decisions"."loss_amount", "shared"."penalty_decisions"."ordered_return", "shared"."penalty_decisions"."fine_multiple", "shared"."penalty_decisions"."fine", "shared"."penalty_decisions"."service_suspension_months", "shared"."penalty_decisions"."settlement_suspension_months", "shared"."penalty_decisions"."decided_at", "shared"."penalty_decisions"."served_at", "shared"."penalty_decisions"."closed_at", "shared"."penalty_decisions"."closing_reason", "shared"."documents"."number", (select coalesce(sum(e.amount), 0)::numeric(18,2)::text from "shared"."penalty_enforcements" e
                where e.matter_id = "shared"."penalty_decisions"."matter_id" and e.kind = 'FINE_PAID'), (select coalesce(sum(e.amount), 0)::numeric(18,2)::text from "shared"."penalty_enforcements" e
                where e.matter_id = "shared"."penalty_decisions"."matter_id" and e.kind = 'RETURNED_TO_FUND') from "shared"."penalty_decisions" inner join "shared"."steps" on "shared"."steps"."id" = "shared"."penalty_decisions"."step_id" left join "shared"."documents" on "shared"."documents"."id" = "shared"."steps"."document_id" where "shared"."penalty_decisions"."matter_id" = any($1)",
        "select "shared"."people"."id", "shared"."people"."agency_id", "shared"."people"."name", "shared"."people"."issuer", "shared"."people"."subject", "shared"."people"."positions", "shared"."people"."active_from", "shared"."people"."active_to", "shared"."people"."deactivated_at", "shared"."agencies"."id", "shared"."agencies"."kind", "shared"."agencies"."level", "shared"."agencies"."division_code", "shared"."agencies"."name", "shared"."agencies"."short_name", "shared"."agencies"."parent_id", "shared"."agencies"."deactivated_at" from "shared"."people" inner join "shared"."agencies" on "shared"."agencies"."id" = "shared"."people"."agency_id" where ("shared"."people"."issuer" = $1 and "shared"."people"."subject" = $2)",
        "select "shared"."steps"."id", "shared"."steps"."matter_id", "shared"."steps"."code", "shared"."steps"."action", "shared"."steps"."agency_id", "shared"."steps"."person_id", "shared"."steps"."taken_at", "shared"."steps"."recorded_at", "shared"."steps"."due_at", "shared"."steps"."stage_after", "shared"."steps"."detail", "shared"."steps"."document_id", "shared"."steps"."idempotency_key", "shared"."documents"."id", "shared"."documents"."matter_id", "shared"."documents"."kind", "shared"."documents"."number", "shared"."documents"."agency_id", "shared"."documents"."issued_at" from "shared"."steps" left join "shared"."documents" on "shared"."documents"."id" = "shared"."steps"."document_id" where "shared"."steps"."matter_id" = any($1) order by "shared"."steps"."taken_at" asc",
        "select pg_advisory_xact_lock($1)",
      ]
    `);
  });

  it('notifications with their matter, step and agency: the same for 10 and 100 parents (a page)', async () => {
    const many = await cost(OFFICER.many, NOTIFICATIONS);
    const ten = await cost(OFFICER.few, NOTIFICATIONS);
    expect(many).toEqual(ten);
    expect(ten).toMatchInlineSnapshot(`
      [
        "select "id", "control_number", "lead_id", "title", "region_code", "basis", "stage", "administrative_stage", "mib_agency_id", "police_agency_id", "procuratorate_agency_id", "court_agency_id", "police_case_number", "procuratorate_case_number", "court_case_number", "dual_listing_police_agency_id", "dual_listing_mib_head_id", "dual_listing_police_head_id", "dual_listed_at", "created_at", "updated_at" from "shared"."matters" where "shared"."matters"."id" = any($1)",
        "select "id", "kind", "level", "division_code", "name", "short_name", "parent_id", "deactivated_at" from "shared"."agencies" where "shared"."agencies"."id" = any($1)",
        "select "id", "matter_id", "step_id", "from_agency_id", "to_agency_id", "document_id", "created_at", "acknowledged_at", "acknowledged_by" from "shared"."outcome_notifications" where "shared"."outcome_notifications"."to_agency_id" = $1 order by "shared"."outcome_notifications"."created_at" asc, "shared"."outcome_notifications"."id" asc limit $2",
        "select "shared"."people"."id", "shared"."people"."agency_id", "shared"."people"."name", "shared"."people"."issuer", "shared"."people"."subject", "shared"."people"."positions", "shared"."people"."active_from", "shared"."people"."active_to", "shared"."people"."deactivated_at", "shared"."agencies"."id", "shared"."agencies"."kind", "shared"."agencies"."level", "shared"."agencies"."division_code", "shared"."agencies"."name", "shared"."agencies"."short_name", "shared"."agencies"."parent_id", "shared"."agencies"."deactivated_at" from "shared"."people" inner join "shared"."agencies" on "shared"."agencies"."id" = "shared"."people"."agency_id" where ("shared"."people"."issuer" = $1 and "shared"."people"."subject" = $2)",
        "select "shared"."steps"."id", "shared"."steps"."matter_id", "shared"."steps"."code", "shared"."steps"."action", "shared"."steps"."agency_id", "shared"."steps"."person_id", "shared"."steps"."taken_at", "shared"."steps"."recorded_at", "shared"."steps"."due_at", "shared"."steps"."stage_after", "shared"."steps"."detail", "shared"."steps"."document_id", "shared"."steps"."idempotency_key", "shared"."documents"."id", "shared"."documents"."matter_id", "shared"."documents"."kind", "shared"."documents"."number", "shared"."documents"."agency_id", "shared"."documents"."issued_at" from "shared"."steps" left join "shared"."documents" on "shared"."documents"."id" = "shared"."steps"."document_id" where "shared"."steps"."id" = any($1)",
      ]
    `);
  });

  it('a page of leads with their agency and subject: the same for 10 and 100 parents', async () => {
    const ten = await cost(OFFICER.many, LEADS, { first: 10 });
    const hundred = await cost(OFFICER.many, LEADS, { first: 100 });
    expect(hundred).toEqual(ten);
    expect(ten).toMatchInlineSnapshot(`
      [
        "select "id", "agency_id", "source", "region_code", "subject_kind", "subject_name", "subject_credit_code", "subject_id_number_sealed", "subject_id_number_hash", "behaviours", "suspected_amount", "summary", "informant_name", "informant_phone", "informant_real_name", "received_at", "created_by", "created_at", "updated_at", "idempotency_key" from "mib"."leads" where "mib"."leads"."agency_id" = $1 order by "mib"."leads"."received_at" desc, "mib"."leads"."id" desc limit $2",
        "select "shared"."people"."id", "shared"."people"."agency_id", "shared"."people"."name", "shared"."people"."issuer", "shared"."people"."subject", "shared"."people"."positions", "shared"."people"."active_from", "shared"."people"."active_to", "shared"."people"."deactivated_at", "shared"."agencies"."id", "shared"."agencies"."kind", "shared"."agencies"."level", "shared"."agencies"."division_code", "shared"."agencies"."name", "shared"."agencies"."short_name", "shared"."agencies"."parent_id", "shared"."agencies"."deactivated_at" from "shared"."people" inner join "shared"."agencies" on "shared"."agencies"."id" = "shared"."people"."agency_id" where ("shared"."people"."issuer" = $1 and "shared"."people"."subject" = $2)",
      ]
    `);
  });

  it('one matter by id', async () => {
    const [row] = await world.db.select({ id: matters.id }).from(matters).limit(1);
    expect(await cost(OFFICER.many, MATTER, { id: row.id })).toMatchInlineSnapshot(`
      [
        "select "id", "agency_id", "source", "region_code", "subject_kind", "subject_name", "subject_credit_code", "subject_id_number_sealed", "subject_id_number_hash", "behaviours", "suspected_amount", "summary", "informant_name", "informant_phone", "informant_real_name", "received_at", "created_by", "created_at", "updated_at", "idempotency_key" from "mib"."leads" where "mib"."leads"."id" = any($1)",
        "select "id", "control_number", "lead_id", "title", "region_code", "basis", "stage", "administrative_stage", "mib_agency_id", "police_agency_id", "procuratorate_agency_id", "court_agency_id", "police_case_number", "procuratorate_case_number", "court_case_number", "dual_listing_police_agency_id", "dual_listing_mib_head_id", "dual_listing_police_head_id", "dual_listed_at", "created_at", "updated_at" from "shared"."matters" where "shared"."matters"."id" = any($1)",
        "select "id", "matter_id", "code", "agency_id", "started_at", "variant", "due_at", "pending_reason", "citation", "optional", "closed_at", "closed_by_step_id" from "shared"."clocks" where "shared"."clocks"."matter_id" = any($1) order by "shared"."clocks"."started_at" asc, "shared"."clocks"."code" asc",
        "select "id", "matter_id", "kind", "number", "agency_id", "issued_at" from "shared"."documents" where "shared"."documents"."matter_id" = any($1) order by "shared"."documents"."issued_at" asc",
        "select "matter_id", (array_agg(("shared"."steps"."detail"->>'amountDefrauded') order by "shared"."steps"."taken_at" desc) filter (where "shared"."steps"."code" = 'SEND_FOR_PROSECUTION'))[1], round(coalesce(sum(("shared"."steps"."detail"->>'amount')::numeric) filter (where "shared"."steps"."code" = 'PROCEEDS' and ("shared"."steps"."detail"->>'kind') in ('RECOVERED', 'EQUIVALENT_RECOVERED')), 0), 2)::text, round(coalesce(sum(("shared"."steps"."detail"->>'amount')::numeric) filter (where "shared"."steps"."code" = 'RETURN_TO_FUND'), 0), 2)::text from "shared"."steps" where "shared"."steps"."matter_id" = any($1) group by "shared"."steps"."matter_id"",
        "select "shared"."people"."id", "shared"."people"."agency_id", "shared"."people"."name", "shared"."people"."issuer", "shared"."people"."subject", "shared"."people"."positions", "shared"."people"."active_from", "shared"."people"."active_to", "shared"."people"."deactivated_at", "shared"."agencies"."id", "shared"."agencies"."kind", "shared"."agencies"."level", "shared"."agencies"."division_code", "shared"."agencies"."name", "shared"."agencies"."short_name", "shared"."agencies"."parent_id", "shared"."agencies"."deactivated_at" from "shared"."people" inner join "shared"."agencies" on "shared"."agencies"."id" = "shared"."people"."agency_id" where ("shared"."people"."issuer" = $1 and "shared"."people"."subject" = $2)",
        "select "shared"."steps"."id", "shared"."steps"."matter_id", "shared"."steps"."code", "shared"."steps"."action", "shared"."steps"."agency_id", "shared"."steps"."person_id", "shared"."steps"."taken_at", "shared"."steps"."recorded_at", "shared"."steps"."due_at", "shared"."steps"."stage_after", "shared"."steps"."detail", "shared"."steps"."document_id", "shared"."steps"."idempotency_key", "shared"."documents"."id", "shared"."documents"."matter_id", "shared"."documents"."kind", "shared"."documents"."number", "shared"."documents"."agency_id", "shared"."documents"."issued_at" from "shared"."steps" left join "shared"."documents" on "shared"."documents"."id" = "shared"."steps"."document_id" where "shared"."steps"."matter_id" = any($1) order by "shared"."steps"."taken_at" asc",
      ]
    `);
  });
});
