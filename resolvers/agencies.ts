import { and, asc, eq, like, type SQL } from 'drizzle-orm';
import type { Context } from '../auth/context.ts';
import { anyOf } from '../db/any-of.ts';
import type { Db } from '../db/client.ts';
import { agencies, regions } from '../db/schema.ts';
import type { AgencyKind } from '../domain/codes.ts';
import { divisionPrefix } from '../domain/divisions.ts';
import { invalid } from '../domain/errors.ts';
import { isDivisionCodeShape } from '../domain/validate.ts';

export async function listAgencies(ctx: Context, filter: { kind?: AgencyKind | null; within?: string | null }) {
  if (filter.within && !isDivisionCodeShape(filter.within))
    throw invalid('within', 'is not a GB/T 2260 division code (six digits)');
  const where: SQL[] = [];
  if (filter.kind) where.push(eq(agencies.kind, filter.kind));
  if (filter.within) where.push(like(agencies.divisionCode, `${divisionPrefix(filter.within)}%`));
  return ctx.db
    .select()
    .from(agencies)
    .where(and(...where))
    .orderBy(asc(agencies.divisionCode), asc(agencies.kind));
}

export async function regionsByCodes(db: Db, codes: readonly string[]) {
  const rows = await db.select().from(regions).where(anyOf(regions.code, codes));
  return codes.map((code) => rows.find((r) => r.code === code) ?? null);
}

export async function agencyOf(db: Db, id: string) {
  const [row] = await db.select().from(agencies).where(eq(agencies.id, id));
  return row;
}

/** The same-level (同级) agency of a kind: the one with the same division code. */
export async function sameLevel(db: Db, kind: 'POLICE' | 'PROCURATORATE' | 'COURT', divisionCode: string) {
  const [row] = await db
    .select()
    .from(agencies)
    .where(and(eq(agencies.kind, kind), eq(agencies.divisionCode, divisionCode)));
  return row;
}
