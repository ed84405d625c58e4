import { and, asc, eq, gt, like, type SQL } from 'drizzle-orm';
import type { Context, Viewer } from '../../auth/context.ts';
import { assertCan, can } from '../../auth/policy.ts';
import { anyOf } from '../../db/any-of.ts';
import { agencies, certificates, people } from '../../db/schema.ts';
import { divisionPrefix } from '../../domain/divisions.ts';
import { conflict, invalid, notFound } from '../../domain/errors.ts';
import { type AgencyRecord, agencyRecord, type PersonRecord, personRecord } from '../../domain/registry.ts';
import { pageSize, parseInput } from '../../domain/validate.ts';
import { idAfter, pageById } from '../paging.ts';
import { deactivate, personRecordOf, planRegistry, type RegistryChange, writeRegistry } from './apply.ts';

/** A person as the registry administrator sees them: the record, the agency's division, and whether deactivated. */
export type PersonView = PersonRecord & { divisionCode: string; deactivatedAt: Date | null };

function adminOf(ctx: Context): Viewer {
  assertCan(ctx.viewer, 'registry:manage');
  return ctx.viewer;
}

function inProvince(ctx: Context, divisionCode: string, field: string) {
  if (!can(ctx.viewer, 'registry:manageThis', { divisionCode }))
    throw invalid(field, `${divisionCode} is outside ${ctx.viewer!.agency.name}'s province`);
}

async function agencyRow(ctx: Context, id: string) {
  const [row] = await ctx.db.select().from(agencies).where(eq(agencies.id, id));
  return row;
}

/** Applies a one-record change: the same plan and rules as an import, the first problem reported by its field. */
async function applyChange(ctx: Context, admin: Viewer, change: RegistryChange) {
  await ctx.db.transaction(async (tx) => {
    const plan = await planRegistry(tx, change);
    const [problem] = plan.problems;
    if (problem) throw invalid(`input.${problem.field}`, problem.message);
    await writeRegistry(tx, plan, admin, 'API');
  });
}

export async function saveAgency(ctx: Context, input: unknown, mode: 'ADD' | 'CHANGE') {
  const admin = adminOf(ctx);
  const record: AgencyRecord = parseInput(agencyRecord, input);
  inProvince(ctx, record.divisionCode, 'input.divisionCode');
  const existing = await agencyRow(ctx, record.id);
  if (mode === 'ADD' && existing) throw conflict(`agency ${record.id} already exists`);
  if (mode === 'CHANGE') {
    if (!existing) throw notFound(`agency ${record.id}`);
    inProvince(ctx, existing.divisionCode, 'input.id');
  }
  await applyChange(ctx, admin, { agencies: [record], people: [] });
  return (await agencyRow(ctx, record.id))!;
}

export async function personView(ctx: Pick<Context, 'db'>, id: string): Promise<PersonView | null> {
  const [row] = await ctx.db
    .select({ person: people, divisionCode: agencies.divisionCode })
    .from(people)
    .innerJoin(agencies, eq(agencies.id, people.agencyId))
    .where(eq(people.id, id));
  if (!row) return null;
  const held = await ctx.db.select().from(certificates).where(eq(certificates.personId, id));
  return {
    ...personRecordOf(row.person, held),
    divisionCode: row.divisionCode,
    deactivatedAt: row.person.deactivatedAt,
  };
}

export async function savePerson(ctx: Context, input: unknown, mode: 'ADD' | 'CHANGE') {
  const admin = adminOf(ctx);
  const record: PersonRecord = parseInput(personRecord, input);
  const agency = await agencyRow(ctx, record.agencyId);
  if (!agency) throw invalid('input.agencyId', `no agency ${record.agencyId}`);
  inProvince(ctx, agency.divisionCode, 'input.agencyId');
  const existing = await personView(ctx, record.id);
  if (mode === 'ADD' && existing) throw conflict(`person ${record.id} already exists`);
  if (mode === 'CHANGE') {
    if (!existing) throw notFound(`person ${record.id}`);
    inProvince(ctx, existing.divisionCode, 'input.id');
  }
  await applyChange(ctx, admin, { agencies: [], people: [record] });
  return (await personView(ctx, record.id))!;
}

export async function deactivateAgency(ctx: Context, id: string) {
  const admin = adminOf(ctx);
  const existing = await agencyRow(ctx, id);
  if (!existing) throw notFound(`agency ${id}`);
  inProvince(ctx, existing.divisionCode, 'id');
  await ctx.db.transaction((tx) => deactivate(tx, 'Agency', id, admin));
  return (await agencyRow(ctx, id))!;
}

export async function deactivatePerson(ctx: Context, id: string) {
  const admin = adminOf(ctx);
  const existing = await personView(ctx, id);
  if (!existing) throw notFound(`person ${id}`);
  inProvince(ctx, existing.divisionCode, 'id');
  await ctx.db.transaction((tx) => deactivate(tx, 'Person', id, admin));
  return (await personView(ctx, id))!;
}

/** A page of the people of the administrator's province, optionally of one agency, in id order. */
export async function listPeople(
  ctx: Context,
  filter: { agencyId?: string | null; first?: number | null; after?: string | null },
) {
  const admin = adminOf(ctx);
  const first = pageSize(filter.first, 100, 500);
  const after = idAfter(filter.after);
  const where: SQL[] = [like(agencies.divisionCode, `${divisionPrefix(admin.agency.divisionCode)}%`)];
  if (filter.agencyId) where.push(eq(people.agencyId, filter.agencyId));
  if (after) where.push(gt(people.id, after));
  const page = await ctx.db
    .select({ person: people, divisionCode: agencies.divisionCode })
    .from(people)
    .innerJoin(agencies, eq(agencies.id, people.agencyId))
    .where(and(...where))
    .orderBy(asc(people.id))
    .limit(first + 1);
  const { items: rows, nextCursor } = pageById(page, first, (r) => r.person.id);
  const held = rows.length
    ? await ctx.db
        .select()
        .from(certificates)
        .where(
          anyOf(
            certificates.personId,
            rows.map((r) => r.person.id),
          ),
        )
    : [];
  const items = rows.map(
    (r): PersonView => ({
      ...personRecordOf(r.person, held),
      divisionCode: r.divisionCode,
      deactivatedAt: r.person.deactivatedAt,
    }),
  );
  return { items, nextCursor };
}
