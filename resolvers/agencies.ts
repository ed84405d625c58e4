import { and, asc, eq, inArray, like, type SQL } from 'drizzle-orm';
import type { Context } from '../auth/context.js';
import { agencies, regions } from '../db/schema.js';
import type { AgencyKind } from './codes.js';

/** Division codes nest by prefix: a province (xx0000) holds its cities (xxyy00), a city its counties. */
export function divisionPrefix(code: string) {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export const isWithinDivision = (code: string, division: string) => code.startsWith(divisionPrefix(division));

export async function listAgencies(ctx: Context, filter: { kind?: AgencyKind | null; within?: string | null }) {
  const where: SQL[] = [];
  if (filter.kind) where.push(eq(agencies.kind, filter.kind));
  if (filter.within) where.push(like(agencies.divisionCode, `${divisionPrefix(filter.within)}%`));
  return ctx.db.select().from(agencies).where(and(...where)).orderBy(asc(agencies.divisionCode), asc(agencies.kind));
}

export async function findAgencies(ctx: Context, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return ctx.db.select().from(agencies).where(inArray(agencies.id, [...ids]));
}

export async function findRegion(ctx: Context, code: string) {
  const [row] = await ctx.db.select().from(regions).where(eq(regions.code, code));
  return row;
}
